import type { emailSuppressions, failedMail } from '../../../db/schema/index.ts';

export function presentFailedMail(row: typeof failedMail.$inferSelect) {
  return {
    id: row.id,
    inboxId: row.inboxId,
    mailbox: row.mailbox,
    uid: row.uid,
    messageId: row.messageIdHeader,
    from: row.fromAddress,
    subject: row.subject,
    reason: row.reason,
    size: row.size,
    status: row.status,
    attempts: row.attempts,
    ticketId: row.ticketId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type FailedMailView = ReturnType<typeof presentFailedMail>;

export function presentSuppression(row: typeof emailSuppressions.$inferSelect) {
  return { address: row.address, reason: row.reason, until: row.until.toISOString(), createdAt: row.createdAt.toISOString() };
}
export type SuppressionView = ReturnType<typeof presentSuppression>;
