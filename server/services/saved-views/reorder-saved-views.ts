import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { savedViews } from '../../db/schema/index.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { loadManageableView } from './access.ts';
import { reorderSavedViewsInput } from './input.ts';
import { listSavedViews } from './list-saved-views.ts';

/** Puts the given views in this order (positions 0, 1, 2…); every one must be the actor's to manage. */
export async function reorderSavedViews(ctx: ServiceContext, actor: Actor, raw: z.input<typeof reorderSavedViewsInput>) {
  requireRole(actor, AGENT_ROLES, 'Reordering saved views');
  const input = parseInput(reorderSavedViewsInput, raw);
  await ctx.db.transaction(async (tx) => {
    for (const [position, id] of input.ids.entries()) {
      const view = await loadManageableView(tx, actor, id, 'Reordering');
      await tx.update(savedViews).set({ position, updatedAt: ctx.now() }).where(eq(savedViews.id, view.id));
    }
  });
  return listSavedViews(ctx, actor);
}
