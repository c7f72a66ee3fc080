import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { agentRouting, teams, tickets } from '../../db/schema/index.ts';
import type { DomainEvent } from '../../events.ts';
import { systemActor } from '../actor.ts';
import { presentTicket } from '../tickets/present.ts';
import { recordEvent } from '../tickets/record-event.ts';
import { inTransaction } from '../transaction.ts';
import { lockedCandidates } from './candidates.ts';
import { LOAD_STATUSES } from './load.ts';
import { advisoryXactLock } from './lock.ts';
import { addLoad, canTake, pickAgent, type PickReason } from './pick-agent.ts';
import { queueStats, type QueueStats } from './queue-stats.ts';
import { previousAgents, waitingTickets } from './waiting.ts';

export interface Assignment {
  ticketId: string;
  userId: string;
  reason: PickReason;
}

export interface DrainResult {
  teamId: string;
  assigned: Assignment[];
  stats: QueueStats | null;
}

const routingActor = systemActor('routing');
// One pass looks at this many waiting tickets; a longer queue is reached as capacity frees up.
const PASS = 500;

export const teamLockKey = (teamId: string) => `routing:team:${teamId}`;

/**
 * Hands the team's waiting tickets to free agents, most urgent then longest waiting first, in one transaction
 * under the team's routing lock, so any number of workers on any node can call it at once.
 */
export async function drainTeam(ctx: ServiceContext, teamId: string): Promise<DrainResult> {
  return inTransaction(ctx, async (tx, emit) => {
    const now = ctx.now();
    await advisoryXactLock(tx, teamLockKey(teamId));
    const [team] = await tx.select().from(teams).where(eq(teams.id, teamId));
    const assigned = team?.autoAssign ? await assignWaiting(tx, emit, teamId, now) : [];
    const stats = await queueStats(tx, teamId, now);
    if (stats) emit({ name: 'queue.stats', data: stats });
    return { teamId, assigned, stats };
  });
}

async function assignWaiting(tx: Tx, emit: (e: DomainEvent) => void, teamId: string, now: Date): Promise<Assignment[]> {
  const agents = await lockedCandidates(tx, teamId);
  if (!agents.some((a) => a.load.total < a.capacity)) return [];
  const queue = await waitingTickets(tx, teamId, PASS);
  const previous = await previousAgents(
    tx,
    queue.map((t) => t.customerId),
  );
  const assigned: Assignment[] = [];
  for (const t of queue) {
    const waiting = { channel: t.channel, skills: t.skills, previousAgentId: previous.get(t.customerId) ?? null };
    if (!agents.some((a) => canTake(a, waiting))) continue;
    const pick = pickAgent(waiting, agents)!;
    // Guarded: a ticket assigned, moved or closed by someone else meanwhile is left alone.
    const [row] = await tx
      .update(tickets)
      .set({ assigneeId: pick.agent.userId, updatedAt: now })
      .where(and(eq(tickets.id, t.id), eq(tickets.teamId, teamId), isNull(tickets.assigneeId), inArray(tickets.status, LOAD_STATUSES)))
      .returning();
    if (!row) continue;
    addLoad(pick.agent, t.channel, now.getTime());
    await recordEvent(
      tx,
      routingActor,
      { ticketId: t.id, kind: 'assigned', from: null, to: pick.agent.userId, data: { reason: pick.reason, teamId } },
      now,
    );
    // 'routing' marks the change as routing's own, so listeners waiting for freed seats can skip it.
    emit({ name: 'ticket.updated', data: { ticket: presentTicket(row), changes: ['assignee', 'routing'] } });
    assigned.push({ ticketId: t.id, userId: pick.agent.userId, reason: pick.reason });
  }
  for (const userId of new Set(assigned.map((a) => a.userId))) {
    await tx
      .insert(agentRouting)
      .values({ userId, lastAssignedAt: now })
      .onConflictDoUpdate({ target: agentRouting.userId, set: { lastAssignedAt: now } });
  }
  return assigned;
}
