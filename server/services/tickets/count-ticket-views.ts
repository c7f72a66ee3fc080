import { and, inArray, sql } from 'drizzle-orm';
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

/**
 * Every badge from one pass over the active tickets the actor may see: the totals row (grouping set `()`) and one
 * row per team (`(team_id)`), spam counted apart by a filter. One scan instead of one per badge, as the counts ride
 * along with every first page of the inbox.
 */
export async function countTicketViews(ctx: ServiceContext, actor: Actor): Promise<TicketViewCounts> {
  const me = actor.type === 'user' ? actor.id : null;
  const rows = await ctx.db
    .select({
      teamId: tickets.teamId,
      isTotal: sql<number>`grouping(${tickets.teamId})`.mapWith(Number),
      mine: sql<number>`count(*) filter (where not ${tickets.spam} and ${tickets.assigneeId} = ${me})`.mapWith(Number),
      unassigned: sql<number>`count(*) filter (where not ${tickets.spam} and ${tickets.assigneeId} is null)`.mapWith(Number),
      all: sql<number>`count(*) filter (where not ${tickets.spam})`.mapWith(Number),
      spam: sql<number>`count(*) filter (where ${tickets.spam})`.mapWith(Number),
    })
    .from(tickets)
    .where(and(visibleTicketsWhere(actor), inArray(tickets.status, ACTIVE_STATUSES)))
    .groupBy(sql`grouping sets ((), (${tickets.teamId}))`);
  const totals = rows.find((r) => r.isTotal === 1);
  const teams: Record<string, number> = {};
  for (const r of rows) if (r.isTotal === 0 && r.teamId && r.all > 0) teams[r.teamId] = r.all;
  return { mine: totals?.mine ?? 0, unassigned: totals?.unassigned ?? 0, all: totals?.all ?? 0, teams, spam: totals?.spam ?? 0 };
}
