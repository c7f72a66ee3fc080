import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { attachments, messages } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { asNotFound, isUuid, loadVisibleTicket } from '../tickets/visibility.ts';
import { filePath } from './store.ts';

/** Types a browser may show in place; everything else downloads (customer files must never run as pages). */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']);

/** An attachment the actor may read (they can see its ticket), with where its bytes are. */
export async function openAttachment(ctx: ServiceContext, actor: Actor, attachmentId: string) {
  requireRole(actor, AGENT_ROLES, 'Reading attachments');
  if (!isUuid(attachmentId)) throw notFound('Attachment');
  const [row] = await ctx.db
    .select({ attachment: attachments, ticketId: messages.ticketId })
    .from(attachments)
    .innerJoin(messages, eq(messages.id, attachments.messageId))
    .where(eq(attachments.id, attachmentId));
  if (!row) throw notFound('Attachment');
  await loadVisibleTicket(ctx.db, actor, row.ticketId).catch(asNotFound('Attachment'));
  const a = row.attachment;
  const inline = INLINE_TYPES.has(a.contentType.toLowerCase());
  return {
    filename: a.filename,
    size: a.size,
    path: filePath(ctx.config.DATA_DIR, a.storageKey),
    inline,
    contentType: inline ? a.contentType.toLowerCase() : 'application/octet-stream',
  };
}
