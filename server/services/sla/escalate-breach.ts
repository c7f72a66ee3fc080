import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { priorities, teams, ticketRouting, tickets, type SlaMetric } from '../../db/schema/index.ts';
import type { DomainEvent } from '../../events.ts';
import { systemActor } from '../actor.ts';
import { notifySlaBreach } from '../notifications/sla.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { presentTicket } from '../tickets/present.ts';
import { recordEvent } from '../tickets/record-event.ts';
import { policyForTeam } from './policy-for-team.ts';
import { syncTicketSla } from './sync-ticket-sla.ts';

type TicketRow = typeof tickets.$inferSelect;
const slaActor = systemActor('sla');
const words: Record<SlaMetric, string> = { first_response: 'first response', next_response: 'next response', resolution: 'resolution' };

/**
 * A missed target: escalation level + 1, priority one step up, and per the policy either moved (unassigned) to the
 * team's escalation team or left in place for supervisors. Runs in the scheduler's transaction with the ticket
 * locked and the clocks' breach marks written, so it happens once. Returns the team whose queue should drain.
 */
export async function escalateBreach(
  tx: Tx,
  emit: (e: DomainEvent) => void,
  ticket: TicketRow,
  breached: { metric: SlaMetric; dueAt: Date }[],
  now: Date,
): Promise<string | null> {
  const found = await policyForTeam(tx, ticket.teamId);
  const policy = found?.policy;
  const metrics = breached.map((b) => b.metric);
  for (const b of breached) {
    await recordEvent(
      tx,
      slaActor,
      { ticketId: ticket.id, kind: 'sla_breached', to: b.metric, data: { dueAt: b.dueAt.toISOString(), policyId: policy?.id ?? null } },
      now,
    );
  }
  const level = ticket.escalationLevel + 1;
  const reason = `SLA breach: ${metrics.map((m) => words[m]).join(', ')}`;
  const set: Partial<typeof tickets.$inferInsert> = { escalationLevel: level, escalationReason: reason };
  const changes = ['escalation'];
  await recordEvent(
    tx,
    slaActor,
    { ticketId: ticket.id, kind: 'escalated', from: String(ticket.escalationLevel), to: String(level), data: { reason, metrics } },
    now,
  );

  const up = priorities[priorities.indexOf(ticket.priority) + 1];
  if ((policy?.raisePriority ?? true) && up) {
    set.priority = up;
    changes.push('priority');
    await recordEvent(
      tx,
      slaActor,
      { ticketId: ticket.id, kind: 'priority_changed', from: ticket.priority, to: up, data: { reason } },
      now,
    );
  }
  const target = policy?.breachAction === 'escalation_team' && ticket.teamId ? await escalationTeamOf(tx, ticket.teamId) : null;
  if (target) {
    set.teamId = target;
    set.assigneeId = null;
    changes.push('team', 'assignee');
    await recordEvent(
      tx,
      slaActor,
      { ticketId: ticket.id, kind: 'transferred', from: ticket.teamId, to: target, data: { reason, fromAssigneeId: ticket.assigneeId } },
      now,
    );
    await tx
      .insert(ticketRouting)
      .values({ ticketId: ticket.id, skills: [], queuedAt: ticket.createdAt, routedAt: now })
      .onConflictDoUpdate({ target: ticketRouting.ticketId, set: { skills: [], routedAt: now } });
  }
  const [row] = await tx
    .update(tickets)
    .set({ ...set, updatedAt: now })
    .where(eq(tickets.id, ticket.id))
    .returning();
  // New priority or team may mean other targets: the other clocks follow; the breached ones keep their marks.
  const synced = await syncTicketSla(tx, row!, now);
  const view = presentTicket(synced.ticket);
  emit({ name: 'ticket.updated', data: { ticket: view, changes: [...changes, 'sla'] } });
  emit({ name: 'sla.breached', data: { ticket: view, metrics, level, fromTeamId: ticket.teamId, toTeamId: target ?? ticket.teamId } });
  await notifySlaBreach(tx, ticket, metrics, level, now);
  if (policy?.notifyEmail) {
    const cycle = breached.map((b) => `${b.metric}@${b.dueAt.getTime()}`).join(',');
    await enqueue(
      tx,
      'sla.alert.email',
      { ticketId: ticket.id, metrics, level },
      { dedupeKey: `sla-alert:${ticket.id}:${cycle}`, runAfter: now },
    );
  }
  return target;
}

async function escalationTeamOf(tx: Tx, teamId: string): Promise<string | null> {
  const [team] = await tx.select({ escalationTeamId: teams.escalationTeamId }).from(teams).where(eq(teams.id, teamId));
  return team?.escalationTeamId && team.escalationTeamId !== teamId ? team.escalationTeamId : null;
}
