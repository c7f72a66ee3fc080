import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { savedViews, tickets } from '../../db/schema/index.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { ticketListWhere } from '../tickets/list-tickets.ts';
import { savedViewFilters } from './input.ts';
import { presentSavedView } from './present.ts';

type SavedViewRow = typeof savedViews.$inferSelect;

/** Shared views first, then the actor's own, each in their order; each with its live count of tickets. */
export async function listSavedViews(ctx: ServiceContext, actor: Actor) {
  requireRole(actor, AGENT_ROLES, 'Listing saved views');
  const mine = actor.type === 'user' ? eq(savedViews.ownerUserId, actor.id) : undefined;
  const rows = await ctx.db
    .select()
    .from(savedViews)
    .where(or(isNull(savedViews.ownerUserId), mine))
    .orderBy(sql`${savedViews.ownerUserId} is not null`, asc(savedViews.position), asc(savedViews.createdAt));
  const counts = await countSavedViews(ctx, actor, rows);
  return rows.map((r, i) => presentSavedView(r, counts[i] ?? null));
}

/**
 * Every view's count in one scan of the tickets the actor may see, each with the list's own conditions
 * (ticketListWhere), so a count always equals the length of the list the view opens.
 */
export async function countSavedViews(ctx: ServiceContext, actor: Actor, rows: SavedViewRow[]): Promise<(number | null)[]> {
  const now = ctx.now();
  const columns: Record<string, ReturnType<typeof sql<number>>> = {};
  rows.forEach((r, i) => {
    const parsed = savedViewFilters.safeParse(r.filters);
    // A view saved under older filters that no longer parse shows no count rather than a wrong one.
    if (!parsed.success) return;
    try {
      const where = and(...ticketListWhere(actor, parsed.data, now)) ?? sql`true`;
      columns[`v${i}`] = sql<number>`count(*) filter (where ${where})`.mapWith(Number);
    } catch {
      // e.g. "mine" for a system actor: not countable for this viewer.
    }
  });
  if (!Object.keys(columns).length) return rows.map(() => null);
  const [totals] = await ctx.db.select(columns).from(tickets);
  return rows.map((_, i) => (totals && `v${i}` in columns ? (totals[`v${i}`] ?? null) : null));
}
