import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customers, inboxes, teams, tickets } from '../../../../server/db/schema/index.ts';
import type { DomainEvents } from '../../../../server/events.ts';
import { drainTeam } from '../../../../server/services/routing/drain-team.ts';
import { routeTicket } from '../../../../server/services/routing/route-ticket.ts';
import { setPresence } from '../../../../server/services/presence/set-presence.ts';
import { assign } from '../../../../server/services/tickets/assign.ts';
import { hold } from '../../../../server/services/tickets/hold.ts';
import { resolve } from '../../../../server/services/tickets/resolve.ts';
import { transfer } from '../../../../server/services/tickets/transfer.ts';
import { systemActor } from '../../../../server/services/actor.ts';
import { createRoutingProcessor, type RoutingProcessor } from '../../../../server/workers/routing-processor.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildActor, buildInbound, buildTicket } from '../../../support/factories.ts';
import { addAgent, buildStaffedTeam, type AgentSpec } from './harness.ts';

const { t } = contextWorld();
let processor: RoutingProcessor;
beforeEach(async () => {
  processor = createRoutingProcessor(t.ctx, { sweepMs: 3_600_000 });
  processor.start();
});
afterEach(() => processor.stop());

async function staffed(specs: AgentSpec[], team: { autoAssign?: boolean } = {}) {
  const { team: row, agents } = await buildStaffedTeam(t.ctx, specs, team);
  const [inbox] = await t.ctx.db
    .insert(inboxes)
    .values({ channel: 'api', name: `in-${row.id}`, teamId: row.id })
    .returning();
  return { team: row, agents, inboxId: inbox!.id };
}

/** A customer message into the team's inbox, routed as the outbox job would route it. */
async function incoming(inboxId: string, overrides: Parameters<typeof buildInbound>[0] = {}) {
  const r = await buildTicket(t.ctx, { inboxId, ...overrides });
  await routeTicket(t.ctx, r.ticketId);
  await processor.idle();
  return r;
}

const assigneeOf = async (id: string) => (await t.ctx.db.select().from(tickets).where(eq(tickets.id, id)))[0]!.assigneeId;

describe('assignment inside a team', () => {
  it('gives the least loaded agent the ticket, ties to whoever has waited longest since their last ticket', async () => {
    const { agents, inboxId } = await staffed([{}, {}, {}]);
    const [a, b, c] = agents.map((x) => x.id);
    const order = [];
    for (let i = 0; i < 4; i++) order.push(await assigneeOf((await incoming(inboxId)).ticketId));
    // Everyone at zero: the one idle longest (here: online longest) first, then each in turn, then the first again.
    expect(order).toEqual([a, b, c, a]);
  });

  it('only offers tickets to agents with every needed skill, without holding up the rest of the queue', async () => {
    const { team, agents, inboxId } = await staffed([
      { skills: ['English'], name: 'En' },
      { skills: ['german', 'english'], capacity: 1, name: 'De' },
    ]);
    const [en, de] = agents.map((x) => x.id);
    const { routingRules } = await import('../../../../server/db/schema/index.ts');
    await t.ctx.db
      .insert(routingRules)
      .values({ name: 'german', position: 0, conditions: { languages: ['de'] }, actions: { teamId: team.id, skills: ['German'] } });

    const german1 = await incoming(inboxId, { sender: { externalId: 'hans', locale: 'de-AT' } });
    const german2 = await incoming(inboxId, { sender: { externalId: 'grete', locale: 'de' } });
    const english = await incoming(inboxId, { sender: { externalId: 'john', locale: 'en-GB' } });
    expect(await assigneeOf(german1.ticketId)).toBe(de);
    // The only German speaker is full: the second German ticket waits, the English one behind it does not.
    expect(await assigneeOf(german2.ticketId)).toBeNull();
    expect(await assigneeOf(english.ticketId)).toBe(en);

    await resolve(t.ctx, systemActor('test'), german1.ticketId);
    await processor.idle();
    expect(await assigneeOf(german2.ticketId)).toBe(de);
  });

  it('returns a customer to their previous agent when that agent is available, else to the least loaded', async () => {
    const { agents, inboxId } = await staffed([{}, {}]);
    const [a, b] = agents.map((x) => x.id);
    const sender = { externalId: 'loyal@example.com' };
    const first = await incoming(inboxId, { sender, threadKey: 'one' });
    const previous = (await assigneeOf(first.ticketId))!;
    const other = previous === a ? b : a;
    await incoming(inboxId, { threadKey: 'filler-1' });
    await incoming(inboxId, { threadKey: 'filler-2' });
    await resolve(t.ctx, systemActor('test'), first.ticketId);
    await processor.idle();

    const again = await incoming(inboxId, { sender, threadKey: 'two' });
    expect(await assigneeOf(again.ticketId)).toBe(previous);

    await setPresence(t.ctx, systemActor('test'), previous, { presence: 'away' });
    const third = await incoming(inboxId, { sender, threadKey: 'three' });
    expect(await assigneeOf(third.ticketId)).toBe(other);
  });

  it('skips away and offline agents, queues when nobody is online, and drains the moment someone comes online', async () => {
    const { team, agents, inboxId } = await staffed([{ presence: 'away' }, { presence: 'offline' }]);
    const [away, offline] = agents.map((x) => x.id) as [string, string];
    const stats: DomainEvents['queue.stats'][] = [];
    t.ctx.events.on('queue.stats', (s) => stats.push(s));
    const waiting = [await incoming(inboxId), await incoming(inboxId)];
    expect(await Promise.all(waiting.map((w) => assigneeOf(w.ticketId)))).toEqual([null, null]);
    expect(stats.at(-1)).toMatchObject({ teamId: team.id, waiting: 2 });

    await setPresence(t.ctx, { type: 'user', id: offline, name: 'x', roles: ['agent'] }, offline, { presence: 'online' });
    await processor.idle();
    expect(await Promise.all(waiting.map((w) => assigneeOf(w.ticketId)))).toEqual([offline, offline]);
    expect(stats.at(-1)).toMatchObject({ teamId: team.id, waiting: 0, oldestQueuedAt: null });
    expect(stats.at(-1)!.agents.find((x) => x.userId === offline)).toMatchObject({ load: 2, presence: 'online' });
    expect(stats.at(-1)!.agents.find((x) => x.userId === away)).toMatchObject({ load: 0, presence: 'away' });
  });

  it('respects per-channel capacity and frees a seat when a ticket goes on hold', async () => {
    const { agents, inboxId } = await staffed([{ capacity: 5, capacityByChannel: { api: 1 } }]);
    const first = await incoming(inboxId);
    const second = await incoming(inboxId);
    expect([await assigneeOf(first.ticketId), await assigneeOf(second.ticketId)]).toEqual([agents[0]!.id, null]);
    await hold(t.ctx, systemActor('test'), first.ticketId);
    await processor.idle();
    expect(await assigneeOf(second.ticketId)).toBe(agents[0]!.id);
  });

  it('never fills an agent past capacity across two teams draining at once', async () => {
    const one = await staffed([{ capacity: 3 }]);
    const agent = one.agents[0]!;
    const two = await staffed([]);
    const { teamMembers } = await import('../../../../server/db/schema/index.ts');
    await t.ctx.db.insert(teamMembers).values({ teamId: two.team.id, userId: agent.id, capacity: 3 });
    await processor.stop();
    for (let i = 0; i < 4; i++) {
      for (const inboxId of [one.inboxId, two.inboxId]) {
        const r = await buildTicket(t.ctx, { inboxId });
        await routeTicket(t.ctx, r.ticketId);
      }
    }
    await t.ctx.db.update(tickets).set({ assigneeId: null });
    const { ticketRouting } = await import('../../../../server/db/schema/index.ts');
    expect(await t.ctx.db.$count(ticketRouting)).toBe(8);
    await Promise.all([drainTeam(t.ctx, one.team.id), drainTeam(t.ctx, two.team.id), drainTeam(t.ctx, one.team.id)]);
    expect(await t.ctx.db.$count(tickets, eq(tickets.assigneeId, agent.id))).toBe(3);
  });

  it('leaves tickets queued while auto-assign is off; manual assignment still works; switching it on drains', async () => {
    const { team, agents, inboxId } = await staffed([{}], { autoAssign: false });
    const r = await incoming(inboxId);
    expect(await assigneeOf(r.ticketId)).toBeNull();
    const supervisor = await buildActor(t.ctx, ['supervisor']);
    const r2 = await incoming(inboxId);
    await assign(t.ctx, supervisor, r2.ticketId, { assigneeId: agents[0]!.id });
    expect(await assigneeOf(r2.ticketId)).toBe(agents[0]!.id);
    await t.ctx.db.update(teams).set({ autoAssign: true }).where(eq(teams.id, team.id));
    await processor.sweep();
    expect(await assigneeOf(r.ticketId)).toBe(agents[0]!.id);
  });

  it('queues a ticket transferred to another team and hands it to that team’s free agent', async () => {
    const first = await staffed([{ capacity: 10 }]);
    const second = await staffed([{ capacity: 10 }]);
    const r = await incoming(first.inboxId);
    expect(await assigneeOf(r.ticketId)).toBe(first.agents[0]!.id);
    const supervisor = await buildActor(t.ctx, ['supervisor']);
    await transfer(t.ctx, supervisor, r.ticketId, { teamId: second.team.id });
    await processor.idle();
    expect(await assigneeOf(r.ticketId)).toBe(second.agents[0]!.id);
  });

  it('applies the first enabled matching rule: VIP tier, keywords, channel; sets priority and tags and records it', async () => {
    const { team: vip } = await staffed([]);
    const { team: billing } = await staffed([]);
    const { routingRules, ticketEvents } = await import('../../../../server/db/schema/index.ts');
    await t.ctx.db.insert(routingRules).values([
      { name: 'off', position: 0, enabled: false, actions: { teamId: billing.id } },
      { name: 'vip', position: 1, conditions: { customerTiers: ['VIP'] }, actions: { teamId: vip.id, priority: 'high', tags: ['vip'] } },
      { name: 'billing', position: 2, conditions: { keywords: ['Invoice'], channels: ['api', 'email'] }, actions: { teamId: billing.id } },
    ]);
    const plain = await buildTicket(t.ctx, { text: 'Where is my order?' });
    const invoice = await buildTicket(t.ctx, { subject: 'Hello', text: 'my INVOICE is wrong' });
    const vipInvoice = await buildTicket(t.ctx, { text: 'invoice please', sender: { externalId: 'boss@example.com' } });
    await t.ctx.db.update(customers).set({ tier: 'vip' }).where(eq(customers.id, vipInvoice.customerId));
    for (const r of [plain, invoice, vipInvoice]) await routeTicket(t.ctx, r.ticketId);

    const row = async (id: string) => (await t.ctx.db.select().from(tickets).where(eq(tickets.id, id)))[0]!;
    expect((await row(plain.ticketId)).teamId).toBeNull();
    expect((await row(invoice.ticketId)).teamId).toBe(billing.id);
    expect(await row(vipInvoice.ticketId)).toMatchObject({ teamId: vip.id, priority: 'high', tags: ['vip'] });
    const routed = await t.ctx.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, vipInvoice.ticketId));
    expect(routed.find((e) => e.kind === 'routed')).toMatchObject({ toValue: vip.id, data: expect.objectContaining({ ruleName: 'vip' }) });
    // Routing again (an outbox retry) changes nothing and records nothing new.
    await routeTicket(t.ctx, vipInvoice.ticketId);
    expect(await t.ctx.db.$count(ticketEvents, eq(ticketEvents.ticketId, vipInvoice.ticketId))).toBe(routed.length);
  });

  it('adds agents to the queue of a newly staffed team when they join', async () => {
    const { team, inboxId } = await staffed([]);
    const r = await incoming(inboxId);
    const agent = await addAgent(t.ctx, team.id, { presence: 'offline' });
    await setPresence(t.ctx, systemActor('test'), agent.id, { presence: 'online' });
    await processor.idle();
    expect(await assigneeOf(r.ticketId)).toBe(agent.id);
  });
});
