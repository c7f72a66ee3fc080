import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { cannedResponses } from '../../db/schema/index.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { loadVisibleCanned, requireCanManage } from './access.ts';

export async function deleteCannedResponse(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  requireRole(actor, AGENT_ROLES, 'Deleting canned responses');
  await ctx.db.transaction(async (tx) => {
    const row = await loadVisibleCanned(tx, actor, id, true);
    requireCanManage(actor, row.scope, row.ownerId, 'Deleting');
    await tx.delete(cannedResponses).where(eq(cannedResponses.id, row.id));
  });
}
