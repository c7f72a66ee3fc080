import { and, avg, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { csatResponses, tickets } from '../../db/schema/index.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { visibleTicketsWhere } from '../tickets/visibility.ts';
import { presentCsat } from './present.ts';

const RECENT = 5;

/** Every rating of one ticket (one per resolution), newest first. */
export async function ticketCsat(db: DbOrTx, ticketId: string) {
  const rows = await db.select().from(csatResponses).where(eq(csatResponses.ticketId, ticketId)).orderBy(desc(csatResponses.createdAt));
  return rows.map(presentCsat);
}

/** Count and average over `where`, and the latest few with their ticket number (average null when none). */
async function summary(db: DbOrTx, where: SQL) {
  const [totals] = await db
    .select({ n: count(), avg: avg(csatResponses.rating) })
    .from(csatResponses)
    .where(where);
  const recent = await db
    .select({ csat: csatResponses, ticketNumber: tickets.number })
    .from(csatResponses)
    .innerJoin(tickets, eq(tickets.id, csatResponses.ticketId))
    .where(where)
    .orderBy(desc(csatResponses.createdAt))
    .limit(RECENT);
  const n = totals?.n ?? 0;
  return {
    count: n,
    average: n && totals?.avg != null ? Math.round(Number(totals.avg) * 100) / 100 : null,
    recent: recent.map((r) => ({ ...presentCsat(r.csat), ticketNumber: r.ticketNumber })),
  };
}
export type CsatSummary = Awaited<ReturnType<typeof summary>>;

/** The customer panel's figure: over the ratings of this customer's tickets the actor may see. */
export async function customerCsat(ctx: ServiceContext, actor: Actor, customerId: string): Promise<CsatSummary> {
  requireRole(actor, AGENT_ROLES, 'Reading satisfaction ratings');
  const visible = ctx.db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.customerId, customerId), visibleTicketsWhere(actor)));
  return summary(ctx.db, and(eq(csatResponses.customerId, customerId), inArray(csatResponses.ticketId, visible))!);
}

/** "My CSAT": the ratings of the tickets the signed-in agent had when they were rated. */
export async function myCsat(ctx: ServiceContext, actor: Actor): Promise<CsatSummary> {
  requireRole(actor, AGENT_ROLES, 'Reading your satisfaction ratings');
  if (actor.type !== 'user') return { count: 0, average: null, recent: [] };
  return summary(ctx.db, eq(csatResponses.agentId, actor.id));
}
