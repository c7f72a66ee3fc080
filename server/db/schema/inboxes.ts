import { boolean, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt, type ChannelKind } from './columns.ts';
import { teams } from './teams.ts';

/** A configured entry point of a channel (a mailbox, a Telegram bot, the widget), routed to a team. */
export const inboxes = pgTable('inboxes', {
  id: id(),
  channel: text('channel').$type<ChannelKind>().notNull(),
  name: text('name').notNull(),
  teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
  enabled: boolean('enabled').notNull().default(true),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  /** AES-256-GCM ciphertext of the inbox's secrets (passwords, bot token), keyed by SECRET_KEY. */
  secrets: text('secrets'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
