import { and, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { savedViews } from '../../db/schema/index.ts';
import { conflict } from '../../errors.ts';
import { actorUserId, AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { requireCanManageView } from './access.ts';
import { countSavedViews } from './list-saved-views.ts';
import { createSavedViewInput, MAX_VIEWS } from './input.ts';
import { presentSavedView } from './present.ts';

/** Saves the inbox's current filters as a view at the end of the sidebar: the actor's own, or shared by a manager. */
export async function createSavedView(ctx: ServiceContext, actor: Actor, raw: z.input<typeof createSavedViewInput>) {
  requireRole(actor, AGENT_ROLES, 'Saving a view');
  const input = parseInput(createSavedViewInput, raw);
  requireCanManageView(actor, input.shared, 'Saving');
  const owner = input.shared ? null : actorUserId(actor);
  const row = await ctx.db.transaction(async (tx) => {
    const group = owner ? eq(savedViews.ownerUserId, owner) : isNull(savedViews.ownerUserId);
    const [stats] = await tx
      .select({ n: sql<number>`count(*)`.mapWith(Number), last: sql<number>`coalesce(max(${savedViews.position}), -1)`.mapWith(Number) })
      .from(savedViews)
      .where(and(group));
    if ((stats?.n ?? 0) >= MAX_VIEWS)
      throw conflict(`At most ${MAX_VIEWS} ${input.shared ? 'shared' : 'personal'} views`, { max: MAX_VIEWS });
    const now = ctx.now();
    const [created] = await tx
      .insert(savedViews)
      .values({
        name: input.name,
        ownerUserId: owner,
        filters: input.filters,
        position: (stats?.last ?? -1) + 1,
        createdByUserId: actorUserId(actor),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    return created!;
  });
  const [count] = await countSavedViews(ctx, actor, [row]);
  return presentSavedView(row, count ?? null);
}
