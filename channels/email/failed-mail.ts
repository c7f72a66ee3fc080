import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { failedMail } from '../../server/db/schema/index.ts';
import { storeFile } from '../../server/services/attachments/store.ts';

export interface MailSource {
  inboxId: string;
  mailbox: string;
  uid?: number;
}

export interface FailedMailHints {
  messageId?: string | null;
  from?: string | null;
  subject?: string | null;
}

/**
 * Keeps a mail that could not become a ticket message: the raw bytes go to the attachment store, the row
 * to the admins' "could not process" list. The same bytes again update the row instead of adding one.
 */
export async function recordFailedMail(ctx: ServiceContext, source: MailSource, raw: Buffer, reason: string, hints: FailedMailHints = {}) {
  const stored = await storeFile(ctx.config.DATA_DIR, raw);
  const now = ctx.now();
  const [row] = await ctx.db
    .insert(failedMail)
    .values({
      inboxId: source.inboxId,
      mailbox: source.mailbox,
      uid: source.uid ?? null,
      messageIdHeader: hints.messageId?.slice(0, 998) ?? null,
      fromAddress: hints.from?.slice(0, 320) ?? null,
      subject: hints.subject?.slice(0, 998) ?? null,
      reason: reason.slice(0, 2000),
      storageKey: stored.storageKey,
      sha256: stored.sha256,
      size: stored.size,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [failedMail.inboxId, failedMail.sha256],
      set: { reason: reason.slice(0, 2000), status: 'failed', attempts: sql`${failedMail.attempts} + 1`, updatedAt: now },
    })
    .returning();
  ctx.log.warn({ inboxId: source.inboxId, uid: source.uid, reason, failedMailId: row!.id }, 'email kept as could-not-process');
  return row!;
}
