import { readFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { failedMail } from '../../server/db/schema/index.ts';
import { invalid, notFound } from '../../server/errors.ts';
import { requireRole, type Actor } from '../../server/services/actor.ts';
import { filePath } from '../../server/services/attachments/store.ts';
import { recordAudit, type RequestOrigin } from '../../server/services/audit/record-audit.ts';
import { isUuid } from '../../server/services/inboxes/inbox-input.ts';
import { presentFailedMail } from '../../server/services/inboxes/failed-mail/present.ts';
import { loadEmailInbox } from './inbox.ts';
import { processRawEmail } from './process.ts';

/**
 * Runs a kept mail through the inbound path again (after a fix, or a code update). Success links the
 * ticket and marks the row resolved; another failure updates the reason and counts the attempt.
 */
export async function retryFailedMail(ctx: ServiceContext, actor: Actor, id: string, origin: RequestOrigin = {}) {
  requireRole(actor, ['admin'], 'Retrying mail that could not be processed');
  if (!isUuid(id)) throw notFound('Failed mail');
  const [row] = await ctx.db.select().from(failedMail).where(eq(failedMail.id, id));
  if (!row) throw notFound('Failed mail');
  if (row.status === 'resolved') return { mail: presentFailedMail(row), outcome: { status: 'already resolved' } };
  if (!row.inboxId)
    throw invalid('The inbox of this mail was deleted; it cannot be retried', [{ path: 'inboxId', message: 'inbox deleted' }]);
  const inbox = await loadEmailInbox(ctx, row.inboxId);
  if (!inbox) throw invalid('The inbox of this mail was deleted; it cannot be retried', [{ path: 'inboxId', message: 'inbox deleted' }]);
  const raw = await readFile(filePath(ctx.config.DATA_DIR, row.storageKey));
  const outcome = await processRawEmail(ctx, inbox, raw, { inboxId: inbox.id, mailbox: row.mailbox, uid: row.uid ?? undefined });
  const set =
    outcome.status === 'failed'
      ? {}
      : { status: 'resolved' as const, ticketId: outcome.status === 'ingested' ? outcome.ticketId : null, updatedAt: ctx.now() };
  const [updated] = Object.keys(set).length
    ? await ctx.db.update(failedMail).set(set).where(eq(failedMail.id, id)).returning()
    : await ctx.db.select().from(failedMail).where(eq(failedMail.id, id));
  await recordAudit(
    ctx.db,
    actor,
    { action: 'failed_mail.retried', targetType: 'failed_mail', targetId: id, data: { outcome: outcome.status } },
    origin,
  );
  return { mail: presentFailedMail(updated!), outcome };
}
