import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Who runs a singleton job (an IMAP mailbox poller, a Telegram polling loop) among the app nodes: one row per
 * job, held by one node until `expires_at` (database time) unless renewed.
 */
export const leases = pgTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  acquiredAt: timestamp('acquired_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
