import { eq, like, or } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { channelState, inboxes } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import { requireRole, type Actor } from '../actor.ts';
import { isUuid } from './inbox-input.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';

/** Removes an inbox and its cursors; its tickets stay (they lose the inbox link, not their history). */
export async function deleteInbox(ctx: ServiceContext, actor: Actor, id: string, origin: RequestOrigin = {}): Promise<void> {
  requireRole(actor, ['admin'], 'Managing inboxes');
  if (!isUuid(id)) throw notFound('Inbox');
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.delete(inboxes).where(eq(inboxes.id, id)).returning();
    if (!row) throw notFound('Inbox');
    await tx.delete(channelState).where(or(like(channelState.key, `%:${id}:%`), like(channelState.key, `%:${id}`)));
    await recordAudit(
      tx,
      actor,
      { action: 'inbox.deleted', targetType: 'inbox', targetId: id, data: { channel: row.channel, name: row.name } },
      origin,
    );
  });
}
