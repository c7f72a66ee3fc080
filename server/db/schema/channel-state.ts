import { jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { updatedAt } from './columns.ts';

/** Channel cursors (IMAP UIDVALIDITY + last UID, Telegram update offset), advanced only after commit. */
export const channelState = pgTable('channel_state', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<Record<string, unknown>>().notNull(),
  updatedAt: updatedAt(),
});
