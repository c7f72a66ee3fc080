import { jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { updatedAt } from './columns.ts';

/**
 * Installation-wide settings shared by every node (auto-close days, VAPID keys): one row per key.
 * `secret` holds SECRET_KEY-encrypted values (secret-box), never plain text.
 */
export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<unknown>().notNull().default({}),
  secret: text('secret'),
  updatedAt: updatedAt(),
});
