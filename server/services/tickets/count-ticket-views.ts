import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { tickets, type TicketStatus } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { visibleTicketsWhere } from './visibility.ts';

/** What the sidebar badges count: tickets still needing work. */
export const ACTIVE_STATUSES: TicketStatus[] = ['new', 'open', 'pending'];

export interface TicketViewCounts {
  mine: number;
  unassigned: number;
  all: number;
  teams: Record<string, number>;
  /** Blocked customers' tickets still open: only the Spam view shows them. */
  spam: number;
}

export async function countTicketViews(ctx: ServiceContext, actor: Actor): Promise<TicketViewCounts> {
  const active = and(visibleTicketsWhere(actor), inArray(tickets.status, ACTIVE_STATUSES));
  const where = and(active, eq(tickets.spam, false));
  const me = actor.type === 'user' ? actor.id : null;
  const [totals] = await ctx.db
    .select({
      mine: sql<number>`count(*) filter (where ${tickets.assigneeId} = ${me})`.mapWith(Number),
      unassigned: sql<number>`count(*) filter (where ${tickets.assigneeId} is null)`.mapWith(Number),
      all: sql<number>`count(*)`.mapWith(Number),
    })
    .from(tickets)
    .where(where);
  const [spam] = await ctx.db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(tickets)
    .where(and(active, eq(tickets.spam, true)));
  const perTeam = await ctx.db
    .select({ teamId: tickets.teamId, n: sql<number>`count(*)`.mapWith(Number) })
    .from(tickets)
    .where(and(where, isNotNull(tickets.teamId)))
    .groupBy(tickets.teamId);
  return {
    mine: totals?.mine ?? 0,
    unassigned: totals?.unassigned ?? 0,
    all: totals?.all ?? 0,
    teams: Object.fromEntries(perTeam.map((r) => [r.teamId!, r.n])),
    spam: spam?.n ?? 0,
  };
}
