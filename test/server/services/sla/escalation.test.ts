import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outbox, teams, ticketEvents, tickets } from '../../../../server/db/schema/index.ts';
import type { DomainEvents } from '../../../../server/events.ts';
import type { Actor } from '../../../../server/services/actor.ts';
import { fireDueSla } from '../../../../server/services/sla/fire-due.ts';
import { reply } from '../../../../server/services/tickets/reply.ts';
import { createSlaScheduler } from '../../../../server/workers/sla-scheduler.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildActor, buildTeam } from '../../../support/factories.ts';
import { buildStaffedTeam, drainOutbox, secondNode } from '../routing/harness.ts';
import { HOUR, history, MIN, openTicketAt, pinClock, policy, ticketRow } from './harness.ts';

const { t } = contextWorld();
let admin: Actor;
beforeAll(() => pinClock(t));
beforeEach(async () => {
  admin = await buildActor(t.ctx, ['admin']);
});

const t0 = new Date('2026-05-04T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

function listen<K extends 'sla.warning' | 'sla.breached'>(name: K): DomainEvents[K][] {
  const seen: DomainEvents[K][] = [];
  t.ctx.events.on(name, (e) => seen.push(e));
  return seen;
}

/** A team with an online agent and an escalation team; tickets reach it through a rule-less inbox team. */
async function escalatingTeam() {
  const tier2 = await buildTeam(t.ctx, { name: 'Tier 2' });
  const { team, agents } = await buildStaffedTeam(t.ctx, [{ capacity: 50 }], { name: 'Tier 1' });
  await t.ctx.db.update(teams).set({ escalationTeamId: tier2.id }).where(eq(teams.id, team.id));
  const { inboxes } = await import('../../../../server/db/schema/index.ts');
  const [inbox] = await t.ctx.db.insert(inboxes).values({ channel: 'api', name: 'api', teamId: team.id }).returning();
  return { team, tier2, agent: agents[0]!, inboxId: inbox!.id };
}

describe('SLA warnings, breaches and escalation', () => {
  it('warns at the set share, breaches once, escalates to the escalation team and records every step', async () => {
    const { team, tier2, agent, inboxId } = await escalatingTeam();
    await policy(t.ctx, admin, {
      targets: { normal: { firstResponse: 60 } },
      warnAtPercent: 50,
      breachAction: 'escalation_team',
      notifyEmail: true,
    });
    const warnings = listen('sla.warning');
    const breaches = listen('sla.breached');
    const { ticketId } = await openTicketAt(t, t0, { inboxId });
    expect((await ticketRow(t.ctx, ticketId)).assigneeId).toBe(agent.id);

    t.clock.set(at(29 * MIN));
    expect(await fireDueSla(t.ctx)).toMatchObject({ warned: 0, breached: 0 });
    t.clock.set(at(30 * MIN));
    expect(await fireDueSla(t.ctx)).toMatchObject({ warned: 1, breached: 0 });
    expect(await fireDueSla(t.ctx)).toMatchObject({ warned: 0, breached: 0 });
    expect(warnings.map((w) => [w.ticket.assigneeId, w.metric, w.dueAt])).toEqual([[agent.id, 'first_response', at(HOUR).toISOString()]]);

    t.clock.set(at(HOUR));
    expect(await fireDueSla(t.ctx)).toMatchObject({ warned: 0, breached: 1, teamsToDrain: [tier2.id] });
    t.clock.set(at(2 * HOUR));
    expect(await fireDueSla(t.ctx)).toMatchObject({ warned: 0, breached: 0 });

    const row = await ticketRow(t.ctx, ticketId);
    expect(row).toMatchObject({ escalationLevel: 1, priority: 'high', teamId: tier2.id, assigneeId: null });
    expect(row.escalationReason).toBe('SLA breach: first response');
    expect(breaches).toHaveLength(1);
    expect(breaches[0]).toMatchObject({ metrics: ['first_response'], level: 1, fromTeamId: team.id, toTeamId: tier2.id });
    const kinds = (await history(t.ctx, ticketId)).map((e) => [e.kind, e.fromValue, e.toValue]);
    expect(kinds.slice(-5)).toEqual([
      ['sla_warning', null, 'first_response'],
      ['sla_breached', null, 'first_response'],
      ['escalated', '0', '1'],
      ['priority_changed', 'normal', 'high'],
      ['transferred', team.id, tier2.id],
    ]);

    // The alert email is queued once; with no mail transport configured it fails where admins can see it.
    const alerts = await t.ctx.db.select().from(outbox).where(eq(outbox.topic, 'sla.alert.email'));
    expect(alerts).toHaveLength(1);
    await drainOutbox([t.ctx]);
    const [failed] = await t.ctx.db.select().from(outbox).where(eq(outbox.topic, 'sla.alert.email'));
    expect(failed).toMatchObject({ status: 'failed', lastError: expect.stringContaining('No outgoing mail transport') });
  });

  it('leaves the ticket in place with a supervisor alert when the policy says so; a reply in time prevents the breach', async () => {
    const { team, agent, inboxId } = await escalatingTeam();
    await policy(t.ctx, admin, { targets: { normal: { firstResponse: 60 } }, breachAction: 'supervisor_alert', raisePriority: false });
    const breaches = listen('sla.breached');
    const late = await openTicketAt(t, t0, { inboxId });
    const answered = await openTicketAt(t, t0, { inboxId });
    t.clock.set(at(59 * MIN));
    await reply(t.ctx, admin, answered.ticketId, { text: 'On it' });

    t.clock.set(at(61 * MIN));
    expect(await fireDueSla(t.ctx)).toMatchObject({ breached: 1, teamsToDrain: [] });
    expect(await ticketRow(t.ctx, late.ticketId)).toMatchObject({
      escalationLevel: 1,
      priority: 'normal',
      teamId: team.id,
      assigneeId: agent.id,
    });
    expect(breaches.map((b) => [b.ticket.id, b.toTeamId])).toEqual([[late.ticketId, team.id]]);
    expect(await ticketRow(t.ctx, answered.ticketId)).toMatchObject({ escalationLevel: 0 });
  });

  it('catches up after a restart without missing or repeating an escalation', async () => {
    const { inboxId } = await escalatingTeam();
    await policy(t.ctx, admin, { targets: { normal: { firstResponse: 60, resolution: 120 } }, warnAtPercent: 80 });
    const { ticketId } = await openTicketAt(t, t0, { inboxId });

    t.clock.set(at(50 * MIN));
    const first = createSlaScheduler(t.ctx, { pollMs: 3_600_000 });
    first.start();
    await first.stop();
    expect((await history(t.ctx, ticketId)).filter((e) => e.kind === 'sla_warning')).toHaveLength(1);

    // Down for three hours: both targets passed meanwhile. The next node fires each breach once, at start.
    t.clock.set(at(4 * HOUR));
    const second = createSlaScheduler(t.ctx, { pollMs: 3_600_000 });
    second.start();
    await second.stop();
    const third = createSlaScheduler(t.ctx, { pollMs: 3_600_000 });
    third.start();
    await third.stop();

    const events = await history(t.ctx, ticketId);
    const count = (kind: string) => events.filter((e) => e.kind === kind).length;
    expect([count('sla_warning'), count('sla_breached'), count('escalated')]).toEqual([1, 2, 1]);
    expect(await ticketRow(t.ctx, ticketId)).toMatchObject({ escalationLevel: 1, priority: 'high' });
  });

  it('escalates each ticket exactly once when two schedulers run at the same time', async () => {
    const { inboxId } = await escalatingTeam();
    await policy(t.ctx, admin, { targets: { normal: { firstResponse: 30 } }, breachAction: 'escalation_team' });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await openTicketAt(t, at(i * 1000), { inboxId })).ticketId);
    t.clock.set(at(2 * HOUR));

    const node2 = await secondNode(t);
    try {
      const runs = await Promise.all([fireDueSla(t.ctx), fireDueSla(node2.ctx), fireDueSla(t.ctx), fireDueSla(node2.ctx)]);
      expect(runs.reduce((n, r) => n + r.breached, 0)).toBe(30);
      expect(runs.reduce((n, r) => n + r.failed, 0)).toBe(0);
    } finally {
      await node2.close();
    }
    const escalated = await t.ctx.db
      .select({ ticketId: ticketEvents.ticketId })
      .from(ticketEvents)
      .where(and(eq(ticketEvents.kind, 'escalated'), inArray(ticketEvents.ticketId, ids)));
    expect(escalated).toHaveLength(30);
    expect(new Set(escalated.map((e) => e.ticketId)).size).toBe(30);
    const levels = await t.ctx.db.select({ level: tickets.escalationLevel }).from(tickets).where(inArray(tickets.id, ids));
    expect(levels.every((l) => l.level === 1)).toBe(true);
  });
});
