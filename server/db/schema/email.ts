import { bigint, bigserial, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt } from './columns.ts';
import { inboxes } from './inboxes.ts';
import { tickets } from './tickets.ts';

export const failedMailStatuses = ['failed', 'resolved'] as const;
export type FailedMailStatus = (typeof failedMailStatuses)[number];

/**
 * Mail that could not be turned into a ticket message, kept raw (content-addressed file) so nothing is
 * dropped: admins see the reason and retry once the cause is fixed.
 */
export const failedMail = pgTable(
  'failed_mail',
  {
    id: id(),
    inboxId: uuid('inbox_id').references(() => inboxes.id, { onDelete: 'set null' }),
    mailbox: text('mailbox').notNull(),
    uid: bigint('uid', { mode: 'number' }),
    messageIdHeader: text('message_id_header'),
    fromAddress: text('from_address'),
    subject: text('subject'),
    reason: text('reason').notNull(),
    storageKey: text('storage_key').notNull(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    status: text('status').$type<FailedMailStatus>().notNull().default('failed'),
    attempts: integer('attempts').notNull().default(1),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('failed_mail_inbox_sha_key').on(t.inboxId, t.sha256), index('failed_mail_status_idx').on(t.status, t.createdAt)],
);

/** Addresses that bounced permanently: automatic mail to them pauses until `until`. */
export const emailSuppressions = pgTable('email_suppressions', {
  address: text('address').primaryKey(),
  reason: text('reason').notNull(),
  until: ts('until').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Each automatic mail sent, so caps per ticket and per recipient hold across nodes and restarts. */
export const emailAutoSends = pgTable(
  'email_auto_sends',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    recipient: text('recipient').notNull(),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id'),
    sentAt: ts('sent_at').notNull().defaultNow(),
  },
  (t) => [index('email_auto_sends_recipient_idx').on(t.recipient, t.sentAt), index('email_auto_sends_ticket_idx').on(t.ticketId, t.sentAt)],
);
