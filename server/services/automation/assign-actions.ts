import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { teamMembers, ticketRouting, tickets } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { advisoryXactLocks } from '../routing/lock.ts';
import { agentLockKey } from '../routing/candidates.ts';
import { drainTeam } from '../routing/drain-team.ts';
import { agentLoads, LOAD_STATUSES } from '../routing/load.ts';
import { hasSpareCapacity } from '../routing/pick-agent.ts';
import { syncTicketSla } from '../sla/sync-ticket-sla.ts';
import { assign } from '../tickets/assign.ts';
import { requireAssignee } from '../tickets/assignable.ts';
import { transfer } from '../tickets/transfer.ts';
import type { ActionOutcome } from './outcome.ts';

type TicketRow = typeof tickets.$inferSelect;

/**
 * Moves the ticket to the team's queue, then lets the router offer it to a member with free capacity (or it
 * waits). A ticket routing has not seen yet is marked routed here, so the team the rule chose is kept.
 */
export async function assignTeam(ctx: ServiceContext, tx: Tx, actor: Actor, ticket: TicketRow, teamId: string): Promise<ActionOutcome> {
  if (ticket.teamId === teamId && ticket.assigneeId) return { status: 'unchanged', detail: 'already with the team' };
  await transfer(ctx, actor, ticket.id, { teamId });
  const [routed] = await tx.select({ id: ticketRouting.ticketId }).from(ticketRouting).where(eq(ticketRouting.ticketId, ticket.id));
  if (!routed) {
    const now = ctx.now();
    await tx
      .insert(ticketRouting)
      .values({ ticketId: ticket.id, ruleId: null, skills: [], queuedAt: ticket.createdAt, routedAt: now })
      .onConflictDoNothing();
    const [row] = await tx.select().from(tickets).where(eq(tickets.id, ticket.id)).for('update');
    await syncTicketSla(tx, row!, now);
  }
  const drained = await drainTeam(ctx, teamId);
  const got = drained.assigned.find((a) => a.ticketId === ticket.id);
  return { status: 'done', detail: got ? `team queue; offered to ${got.userId}` : 'team queue; waiting for a free agent' };
}

/** Assigns to the agent unless they are at capacity on the ticket's channel (then the ticket stays where it is). */
export async function assignAgent(ctx: ServiceContext, tx: Tx, actor: Actor, ticket: TicketRow, userId: string): Promise<ActionOutcome> {
  if (ticket.assigneeId === userId) return { status: 'unchanged', detail: 'already assigned to them' };
  await requireAssignee(tx, userId, 'userId');
  await advisoryXactLocks(tx, [agentLockKey(userId)]);
  const memberships = await tx
    .select({ capacity: teamMembers.capacity, capacityByChannel: teamMembers.capacityByChannel, teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(eq(teamMembers.userId, userId));
  const seat = memberships.find((m) => m.teamId === ticket.teamId) ?? memberships[0];
  const counted = LOAD_STATUSES.includes(ticket.status) && !ticket.spam;
  if (seat && counted) {
    const load = (await agentLoads(tx, [userId])).get(userId)!;
    const candidate = { userId, skills: [], capacity: seat.capacity, capacityByChannel: seat.capacityByChannel, load, idleSince: 0 };
    if (!hasSpareCapacity(candidate, ticket.channel)) return { status: 'skipped', detail: 'the agent is at capacity' };
  }
  await assign(ctx, actor, ticket.id, { assigneeId: userId });
  return { status: 'done' };
}
