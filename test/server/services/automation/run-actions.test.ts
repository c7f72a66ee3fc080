import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { customers, messages, outbox, ticketEvents, ticketFollowers, webhookDeliveries } from '../../../../server/db/schema/index.ts';
import { createField } from '../../../../server/services/custom-fields/create-field.ts';
import { createSubscription } from '../../../../server/services/webhooks/manage-subscriptions.ts';
import type { DomainEvent } from '../../../../server/events.ts';
import { ruleActor, runActions } from '../../../../server/services/automation/run-actions.ts';
import type { Action } from '../../../../server/services/automation/schema.ts';
import { inTransaction } from '../../../../server/services/transaction.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildActor, buildTicket, buildUser } from '../../../support/factories.ts';
import { ticketRow } from '../../../support/ticket-world.ts';
import { addAgent, buildStaffedTeam } from '../routing/harness.ts';

const { t } = contextWorld();
const source = { kind: 'rule' as const, ruleId: '00000000-0000-4000-8000-000000000001', ruleName: 'VIP' };

async function run(ticketId: string, actions: Action[], extra: { automatedTrigger?: boolean } = {}) {
  return inTransaction(t.ctx, (tx, emit) => runActions(tx, t.ctx, { ticketId, actions, actor: ruleActor('VIP'), source, emit, ...extra }));
}
const history = (ticketId: string) =>
  t.ctx.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(asc(ticketEvents.id));

describe('runActions', () => {
  it('applies priority, tags and a note through the verbs, each history row by the rule, then one "rule fired" row', async () => {
    const { ticketId } = await buildTicket(t.ctx);
    const { results } = await run(ticketId, [
      { type: 'set_priority', priority: 'high' },
      { type: 'add_tags', tags: ['vip'] },
      { type: 'add_note', text: 'VIP customer: answer within the hour' },
      { type: 'set_priority', priority: 'high' },
    ]);
    expect(results.map((r) => r.status)).toEqual(['done', 'done', 'done', 'unchanged']);
    const row = await ticketRow(t.ctx, ticketId);
    expect(row.priority).toBe('high');
    expect(row.tags).toContain('vip');
    const rows = await history(ticketId);
    const byRule = rows.filter((r) => r.data.system === 'rule ‘VIP’').map((r) => r.kind);
    expect(byRule).toEqual(['priority_changed', 'tagged', 'note_added', 'rule_fired']);
    const fired = rows.find((r) => r.kind === 'rule_fired')!;
    expect(fired.toValue).toBe('VIP');
    expect(fired.data).toMatchObject({ ruleId: source.ruleId, ruleName: 'VIP' });
    // Announced after commit like any change.
    expect(t.published.some((e: DomainEvent) => e.name === 'ticket.updated' && e.data.ticket.id === ticketId)).toBe(true);
  });

  it('rolls back with the caller: nothing stays when the transaction fails after the actions', async () => {
    const { ticketId } = await buildTicket(t.ctx);
    await expect(
      inTransaction(t.ctx, async (tx) => {
        await runActions(tx, t.ctx, { ticketId, actions: [{ type: 'set_priority', priority: 'urgent' }], actor: ruleActor('VIP'), source });
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    expect((await ticketRow(t.ctx, ticketId)).priority).toBe('normal');
    expect((await history(ticketId)).some((r) => r.kind === 'rule_fired')).toBe(false);
  });

  it('sends a reply with placeholders on the ticket channel, but never to an automated message', async () => {
    const { ticketId } = await buildTicket(t.ctx, { sender: { externalId: 'ann@example.com', displayName: 'Ann Lee' } });
    const skipped = await run(ticketId, [{ type: 'send_reply', text: 'Hello {{customer.first_name}}, about #{{ticket.number}}' }], {
      automatedTrigger: true,
    });
    expect(skipped.results[0]!.status).toBe('skipped');
    await run(ticketId, [{ type: 'send_reply', text: 'Hello {{customer.first_name}}, about #{{ticket.number}}' }]);
    const out = await t.ctx.db
      .select()
      .from(messages)
      .where(and(eq(messages.ticketId, ticketId), eq(messages.direction, 'out')));
    const row = await ticketRow(t.ctx, ticketId);
    expect(out.map((m) => m.text)).toEqual([`Hello Ann, about #${row.number}`]);
    expect(out[0]!.deliveryStatus).toBe('queued');
  });

  it('resolves, then closes; a closed ticket is left alone', async () => {
    const { ticketId } = await buildTicket(t.ctx);
    await run(ticketId, [{ type: 'set_status', status: 'resolved' }]);
    expect((await ticketRow(t.ctx, ticketId)).status).toBe('resolved');
    await run(ticketId, [{ type: 'set_status', status: 'closed' }]);
    const again = await run(ticketId, [
      { type: 'set_status', status: 'open' },
      { type: 'escalate', reason: 'late' },
    ]);
    expect(again.results.map((r) => r.status)).toEqual(['skipped', 'skipped']);
    expect((await ticketRow(t.ctx, ticketId)).status).toBe('closed');
  });

  it('assigns to a team through the router, which respects capacity; assigns an agent only with a free seat', async () => {
    const { team, agents } = await buildStaffedTeam(t.ctx, [{ capacity: 1 }]);
    const a = agents[0]!;
    const first = await buildTicket(t.ctx);
    const r1 = await run(first.ticketId, [{ type: 'assign_team', teamId: team.id }]);
    expect(r1.results[0]!.detail).toContain(a.id);
    expect((await ticketRow(t.ctx, first.ticketId)).assigneeId).toBe(a.id);
    const second = await buildTicket(t.ctx);
    await run(second.ticketId, [{ type: 'assign_team', teamId: team.id }]);
    const row2 = await ticketRow(t.ctx, second.ticketId);
    expect([row2.teamId, row2.assigneeId]).toEqual([team.id, null]);
    const direct = await run(second.ticketId, [{ type: 'assign_agent', userId: a.id }]);
    expect(direct.results[0]).toMatchObject({ status: 'skipped', detail: 'the agent is at capacity' });
    const b = await addAgent(t.ctx, team.id, { capacity: 2 });
    await run(second.ticketId, [{ type: 'assign_agent', userId: b.id }]);
    expect((await ticketRow(t.ctx, second.ticketId)).assigneeId).toBe(b.id);
    await run(second.ticketId, [{ type: 'unassign' }]);
    expect((await ticketRow(t.ctx, second.ticketId)).assigneeId).toBeNull();
  });

  it('escalates, snoozes, adds a follower and emails a user through the outbox', async () => {
    const follower = await buildUser(t.ctx, { email: 'lead@switchboard.test' });
    const { ticketId } = await buildTicket(t.ctx);
    await run(ticketId, [
      { type: 'escalate', reason: 'VIP waiting' },
      { type: 'snooze', hours: 4 },
      { type: 'add_follower', userId: follower.id },
      { type: 'email_user', userId: follower.id, subject: 'VIP #{{ticket.number}}', text: 'Look at {{ticket.subject}}' },
    ]);
    const row = await ticketRow(t.ctx, ticketId);
    expect(row.escalationLevel).toBe(1);
    expect(row.status).toBe('pending');
    expect(row.snoozedUntil!.getTime() - Date.now()).toBeGreaterThan(3.9 * 3_600_000);
    expect(await t.ctx.db.select().from(ticketFollowers).where(eq(ticketFollowers.ticketId, ticketId))).toHaveLength(1);
    const mails = await t.ctx.db.select().from(outbox).where(eq(outbox.topic, 'automation.email'));
    expect(mails.map((m) => m.payload)).toEqual([
      { to: ['lead@switchboard.test'], subject: `VIP #${row.number}`, text: `Look at ${row.subject}`, ticketId },
    ]);
  });

  it('marks spam by blocking the customer, and refuses an unknown agent', async () => {
    const { ticketId } = await buildTicket(t.ctx);
    await run(ticketId, [{ type: 'mark_spam' }]);
    const row = await ticketRow(t.ctx, ticketId);
    expect(row.spam).toBe(true);
    expect((await t.ctx.db.select().from(customers).where(eq(customers.id, row.customerId)))[0]!.blockedAt).not.toBeNull();
    const ghost = '00000000-0000-4000-8000-0000000000ff';
    await expect(run(ticketId, [{ type: 'assign_agent', userId: ghost }])).rejects.toThrow(/no user/);
  });

  it('runs for a macro as the agent applying it', async () => {
    const agent = await buildActor(t.ctx, ['agent']);
    const { ticketId } = await buildTicket(t.ctx);
    await inTransaction(t.ctx, (tx, emit) =>
      runActions(tx, t.ctx, {
        ticketId,
        actions: [{ type: 'add_tags', tags: ['refund'] }],
        actor: agent,
        source: { kind: 'macro', macroId: '00000000-0000-4000-8000-000000000002', macroName: 'Refund' },
        emit,
      }),
    );
    const rows = await history(ticketId);
    expect(rows.filter((r) => r.actorId === agent.id).map((r) => r.kind)).toEqual(['tagged', 'macro_applied']);
  });

  it('sets ticket and customer fields through the custom-fields verb, and queues a webhook call once', async () => {
    const admin = await buildActor(t.ctx, ['admin']);
    await createField(t.ctx, admin, { entity: 'ticket', key: 'product', type: 'text', labels: { en: 'Product' } });
    await createField(t.ctx, admin, { entity: 'customer', key: 'tier', type: 'text', labels: { en: 'Tier' } });
    const { subscription } = await createSubscription(t.ctx, admin, {
      name: 'CRM',
      url: 'https://crm.example.com/hook',
      events: ['ticket.created'],
    });
    const { ticketId } = await buildTicket(t.ctx);
    const { results } = await run(ticketId, [
      { type: 'set_field', entity: 'ticket', key: 'product', value: 'Router X' },
      { type: 'set_field', entity: 'customer', key: 'tier', value: 'gold' },
      { type: 'call_webhook', subscriptionId: subscription.id },
    ]);
    expect(results.map((r) => r.status)).toEqual(['done', 'done', 'done']);
    const row = await ticketRow(t.ctx, ticketId);
    expect(row.customFields).toEqual({ product: 'Router X' });
    expect((await t.ctx.db.select().from(customers).where(eq(customers.id, row.customerId)))[0]!.customFields).toEqual({ tier: 'gold' });
    expect((await history(ticketId)).some((e) => e.kind === 'fields_changed' && e.data.system === 'rule ‘VIP’')).toBe(true);
    const calls = await t.ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, subscription.id));
    expect(calls.filter((c) => c.event === 'rule.webhook').map((c) => (c.payload as { ticket: { id: string } }).ticket.id)).toEqual([
      ticketId,
    ]);
    await expect(run(ticketId, [{ type: 'set_field', entity: 'ticket', key: 'nope', value: 1 }])).rejects.toThrow(/nope/);
  });
});
