import { and, count, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { tickets, type TicketStatus } from '../../db/schema/index.ts';
import type { AgentLoad } from './pick-agent.ts';

/** Conversations that occupy an agent; pending ones wait on the customer and free the seat until they reply. */
export const LOAD_STATUSES: TicketStatus[] = ['new', 'open'];

/** Each agent's open conversations, in total and per channel, across all their teams. */
export async function agentLoads(db: DbOrTx, userIds: readonly string[]): Promise<Map<string, AgentLoad>> {
  const loads = new Map<string, AgentLoad>(userIds.map((id) => [id, { total: 0, byChannel: {} }]));
  if (!userIds.length) return loads;
  const rows = await db
    .select({ userId: tickets.assigneeId, channel: tickets.channel, n: count() })
    .from(tickets)
    // A blocked customer's ticket occupies nobody's seat.
    .where(and(inArray(tickets.assigneeId, [...userIds]), inArray(tickets.status, LOAD_STATUSES), eq(tickets.spam, false)))
    .groupBy(tickets.assigneeId, tickets.channel);
  for (const r of rows) {
    const load = loads.get(r.userId!)!;
    load.total += r.n;
    load.byChannel[r.channel] = r.n;
  }
  return loads;
}
