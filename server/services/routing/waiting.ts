import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { ticketRouting, tickets } from '../../db/schema/index.ts';
import { LOAD_STATUSES } from './load.ts';

/** Higher is more urgent; the queue serves urgent first, then the longest waiting. */
export const priorityRank = sql<number>`array_position(array['low','normal','high','urgent']::text[], ${tickets.priority})`;

/** Unassigned tickets routed to the team, in the order they are served. */
export const waitingIn = (teamId: string) =>
  and(eq(tickets.teamId, teamId), isNull(tickets.assigneeId), inArray(tickets.status, LOAD_STATUSES), eq(tickets.spam, false));

export async function waitingTickets(db: DbOrTx, teamId: string, limit: number) {
  return db
    .select({
      id: tickets.id,
      number: tickets.number,
      channel: tickets.channel,
      priority: tickets.priority,
      customerId: tickets.customerId,
      subject: tickets.subject,
      skills: ticketRouting.skills,
      queuedAt: ticketRouting.queuedAt,
    })
    .from(tickets)
    .innerJoin(ticketRouting, eq(ticketRouting.ticketId, tickets.id))
    .where(waitingIn(teamId))
    .orderBy(desc(priorityRank), asc(ticketRouting.queuedAt), asc(tickets.number))
    .limit(limit);
}
export type WaitingRow = Awaited<ReturnType<typeof waitingTickets>>[number];

/** The agent each customer's most recent earlier ticket was assigned to. */
export async function previousAgents(db: DbOrTx, customerIds: readonly string[]): Promise<Map<string, string>> {
  if (!customerIds.length) return new Map();
  const rows = await db
    .selectDistinctOn([tickets.customerId], { customerId: tickets.customerId, assigneeId: tickets.assigneeId })
    .from(tickets)
    .where(and(inArray(tickets.customerId, [...new Set(customerIds)]), sql`${tickets.assigneeId} is not null`))
    .orderBy(tickets.customerId, desc(tickets.createdAt));
  return new Map(rows.map((r) => [r.customerId, r.assigneeId!]));
}
