import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { savedViews } from '../../db/schema/index.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { loadManageableView } from './access.ts';

export async function deleteSavedView(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  requireRole(actor, AGENT_ROLES, 'Deleting a saved view');
  await ctx.db.transaction(async (tx) => {
    const view = await loadManageableView(tx, actor, id, 'Deleting');
    await tx.delete(savedViews).where(eq(savedViews.id, view.id));
  });
}
