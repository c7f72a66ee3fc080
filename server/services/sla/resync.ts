import { and, asc, eq, gt, ne, sql, type SQL } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { slaClocks, slaPolicies, tickets } from '../../db/schema/index.ts';
import { syncSla } from './sync-ticket-sla.ts';

/**
 * Re-derives the clocks of every live ticket matching `where` after a policy or calendar changed, one short
 * transaction per ticket (never holding many ticket locks at once, which could deadlock with routing).
 */
export async function resyncTickets(ctx: ServiceContext, where: SQL | undefined): Promise<number> {
  let after = '00000000-0000-0000-0000-000000000000';
  let count = 0;
  for (;;) {
    const batch = await ctx.db
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(ne(tickets.status, 'closed'), gt(tickets.id, after), where))
      .orderBy(asc(tickets.id))
      .limit(200);
    for (const t of batch) {
      await syncSla(ctx, t.id);
      count++;
    }
    if (batch.length < 200) return count;
    after = batch.at(-1)!.id;
  }
}

/** Tickets a policy (of this team, or the default when teamId is null) may apply to. */
export const ticketsOfPolicyScope = (teamId: string | null) => (teamId ? eq(tickets.teamId, teamId) : undefined);

/** Tickets whose clocks were set by a policy counting in this calendar. */
export const ticketsOnCalendar = (calendarId: string) =>
  sql`${tickets.id} in (select ${slaClocks.ticketId} from ${slaClocks} join ${slaPolicies} on ${slaPolicies.id} = ${slaClocks.policyId} where ${slaPolicies.calendarId} = ${calendarId})`;
