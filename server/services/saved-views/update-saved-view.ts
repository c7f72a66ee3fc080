import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { savedViews } from '../../db/schema/index.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { loadManageableView } from './access.ts';
import { updateSavedViewInput } from './input.ts';
import { countSavedViews } from './list-saved-views.ts';
import { presentSavedView } from './present.ts';

/** Renames a view or replaces its filters. */
export async function updateSavedView(ctx: ServiceContext, actor: Actor, id: string, raw: z.input<typeof updateSavedViewInput>) {
  requireRole(actor, AGENT_ROLES, 'Editing a saved view');
  const input = parseInput(updateSavedViewInput, raw);
  const row = await ctx.db.transaction(async (tx) => {
    const view = await loadManageableView(tx, actor, id, 'Editing');
    const [updated] = await tx
      .update(savedViews)
      .set({ ...input, updatedAt: ctx.now() })
      .where(eq(savedViews.id, view.id))
      .returning();
    return updated!;
  });
  const [count] = await countSavedViews(ctx, actor, [row]);
  return presentSavedView(row, count ?? null);
}
