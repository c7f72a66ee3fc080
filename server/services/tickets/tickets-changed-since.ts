import { and, asc, gte } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { tickets } from '../../db/schema/index.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { presentTicket } from './present.ts';
import { visibleTicketsWhere } from './visibility.ts';

const MAX_CHANGES = 500;
/** A transaction may commit a little after the time it wrote into updated_at; look back this far to catch it. */
const COMMIT_LAG_MS = 5_000;

/**
 * The console's reconnect resync: tickets the actor may see that changed at or after `since`. Pass the
 * returned `nextSince` next time; a ticket may come back twice, never be missed.
 */
export async function ticketsChangedSince(ctx: ServiceContext, actor: Actor, since: Date) {
  requireRole(actor, AGENT_ROLES, 'Reading tickets');
  const startedAt = ctx.now();
  const rows = await ctx.db
    .select()
    .from(tickets)
    .where(and(visibleTicketsWhere(actor), gte(tickets.updatedAt, since)))
    .orderBy(asc(tickets.updatedAt), asc(tickets.id))
    .limit(MAX_CHANGES + 1);
  const truncated = rows.length > MAX_CHANGES;
  const page = rows.slice(0, MAX_CHANGES);
  const floor = new Date(Math.max(since.getTime(), startedAt.getTime() - COMMIT_LAG_MS));
  const nextSince = truncated ? page.at(-1)!.updatedAt : floor;
  return { tickets: page.map(presentTicket), nextSince: nextSince.toISOString(), truncated };
}
