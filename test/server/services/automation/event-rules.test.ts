import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, automationRules, notifications, outbox, users } from '../../../../server/db/schema/index.ts';
import { presentNotification } from '../../../../server/services/notifications/present.ts';
import { notificationText } from '../../../../server/services/notifications/texts.ts';
import { evaluateEventRules } from '../../../../server/services/automation/evaluate-event.ts';
import { MAX_CHAIN_DEPTH } from '../../../../server/services/automation/chain.ts';
import { MAX_RULE_FAILURES } from '../../../../server/services/automation/rule-failure.ts';
import { systemActor } from '../../../../server/services/actor.ts';
import { addNote } from '../../../../server/services/tickets/add-note.ts';
import { setPriority } from '../../../../server/services/tickets/set-priority.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildTeam, buildTicket, buildUser } from '../../../support/factories.ts';
import { ticketRow } from '../../../support/ticket-world.ts';
import { buildRule, drainRules, evaluationJobs, firingsOf, historyKinds, lastAdmin } from './harness.ts';

const { t } = contextWorld();
const vip = { match: 'all', conditions: [{ field: 'sender.domain', op: 'in', value: ['vip.example.com'] }] };

describe('event rules', () => {
  it('writes no evaluation job while no enabled rule listens to the event', async () => {
    await buildRule(t.ctx, { events: ['note.added'], actions: [{ type: 'add_tags', tags: ['x'] }] });
    await buildRule(t.ctx, { events: ['ticket.created'], enabled: false, actions: [{ type: 'add_tags', tags: ['x'] }] });
    await buildTicket(t.ctx);
    expect(await evaluationJobs(t.ctx)).toEqual([]);
  });

  it.each(['email', 'widget', 'telegram', 'api'] as const)(
    'mail from @vip.example.com on a %s ticket → priority high, team VIP, tag vip, once',
    async (channel) => {
      const team = await buildTeam(t.ctx, { name: `VIP ${channel}` });
      await buildRule(t.ctx, {
        name: 'VIP senders',
        conditions: vip,
        actions: [
          { type: 'set_priority', priority: 'high' },
          { type: 'assign_team', teamId: team.id },
          { type: 'add_tags', tags: ['vip'] },
        ],
      });
      const sender = { externalId: channel === 'email' ? 'boss@mail.vip.example.com' : `id-${channel}`, displayName: 'Boss' };
      const customer = await buildTicket(t.ctx, {
        channel,
        sender: channel === 'email' ? sender : { ...sender, email: 'boss@vip.example.com' },
      });
      const other = await buildTicket(t.ctx, {
        channel,
        sender: { externalId: channel === 'email' ? 'joe@example.com' : `joe-${channel}`, email: 'joe@example.com' },
      });
      await drainRules(t.ctx);
      const row = await ticketRow(t.ctx, customer.ticketId);
      expect([row.priority, row.teamId, row.tags]).toEqual(['high', team.id, ['vip']]);
      const fired = await historyKinds(t.ctx, customer.ticketId, 'rule_fired');
      expect(fired.map((e) => e.toValue)).toEqual(['VIP senders']);
      const untouched = await ticketRow(t.ctx, other.ticketId);
      expect([untouched.priority, untouched.tags]).toEqual(['normal', []]);
      // The job again (a retry after a crash, a second node): nothing twice.
      const [created] = await historyKinds(t.ctx, customer.ticketId, 'created');
      await evaluateEventRules(t.ctx, { ticketId: customer.ticketId, eventId: created!.id, events: ['ticket.created'], depth: 0 });
      expect(await historyKinds(t.ctx, customer.ticketId, 'rule_fired')).toHaveLength(1);
      expect((await firingsOf(t.ctx, customer.ticketId)).map((f) => [f.periodKey, f.outcome])).toEqual([[`event:${created!.id}`, 'done']]);
    },
  );

  it('runs rules in position order, each seeing what the earlier ones changed', async () => {
    const first = await buildRule(t.ctx, {
      name: 'urgent words',
      events: ['ticket.created'],
      conditions: { match: 'all', conditions: [{ field: 'message.text', op: 'contains', value: 'ASAP' }] },
      actions: [{ type: 'set_priority', priority: 'urgent' }],
    });
    const second = await buildRule(t.ctx, {
      name: 'urgent tag',
      events: ['ticket.created'],
      conditions: { match: 'all', conditions: [{ field: 'priority', op: 'in', value: ['urgent'] }] },
      actions: [{ type: 'add_tags', tags: ['hot'] }],
    });
    const a = await buildTicket(t.ctx, { text: 'Please fix this asap' });
    await drainRules(t.ctx);
    expect((await ticketRow(t.ctx, a.ticketId)).tags).toEqual(['hot']);
    // The other way round the tag rule looks first, while the priority is still normal.
    await t.ctx.db.update(automationRules).set({ position: 0 }).where(eq(automationRules.id, second.id));
    await t.ctx.db.update(automationRules).set({ position: 1 }).where(eq(automationRules.id, first.id));
    const b = await buildTicket(t.ctx, { text: 'Please fix this asap' });
    await drainRules(t.ctx);
    const rowB = await ticketRow(t.ctx, b.ticketId);
    expect([rowB.priority, rowB.tags]).toEqual(['urgent', []]);
  });

  it('stops a chain of rules triggering each other at a fixed depth, with a skipped firing and its reason', async () => {
    const flip = (from: string, to: 'low' | 'high') =>
      buildRule(t.ctx, {
        name: `to ${to}`,
        events: ['ticket.priority_changed'],
        conditions: { match: 'all', conditions: [{ field: 'priority', op: 'in', value: [from] }] },
        actions: [{ type: 'set_priority', priority: to }],
      });
    await flip('high', 'low');
    await flip('low', 'high');
    const { ticketId } = await buildTicket(t.ctx);
    await setPriority(t.ctx, systemActor('test'), ticketId, { priority: 'high' });
    await drainRules(t.ctx);
    // Each evaluation fires both rules (the second sees the first's change): 1 + 2 + 4 + … changes, then it stops.
    const changes = await historyKinds(t.ctx, ticketId, 'priority_changed');
    expect(changes).toHaveLength(2 ** (MAX_CHAIN_DEPTH + 1) - 1);
    expect(Math.max(...(await evaluationJobs(t.ctx)).map((j) => Number(j.payload.depth)))).toBe(MAX_CHAIN_DEPTH);
    const skipped = (await firingsOf(t.ctx, ticketId)).filter((f) => f.outcome === 'skipped');
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((f) => f.detail.depth === MAX_CHAIN_DEPTH && String(f.detail.reason).includes('chain of rules too deep'))).toBe(
      true,
    );
  });

  it(`switches a rule off after ${MAX_RULE_FAILURES} failures in a row, audited, and tells the admins in the bell and by email`, async () => {
    const gone = await buildUser(t.ctx);
    const rule = await buildRule(t.ctx, { name: 'to Gone', events: ['note.added'], actions: [{ type: 'assign_agent', userId: gone.id }] });
    await t.ctx.db.update(users).set({ active: false }).where(eq(users.id, gone.id));
    const { ticketId } = await buildTicket(t.ctx);
    for (let i = 0; i < MAX_RULE_FAILURES + 1; i++) {
      await addNote(t.ctx, systemActor('test'), ticketId, { text: `note ${i}` });
      await drainRules(t.ctx);
    }
    const [after] = await t.ctx.db.select().from(automationRules).where(eq(automationRules.id, rule.id));
    expect(after!.enabled).toBe(false);
    expect(after!.disabledReason).toMatch(/Switched off after 3 failures in a row.*deactivated/);
    const firings = await firingsOf(t.ctx, ticketId);
    expect(firings.map((f) => f.outcome)).toEqual(['failed', 'failed', 'failed']);
    expect((await ticketRow(t.ctx, ticketId)).assigneeId).toBeNull();
    const audits = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'automation_rule.disabled'));
    expect(audits.map((a) => a.targetId)).toEqual([rule.id]);
    const mails = await t.ctx.db.select().from(outbox).where(eq(outbox.topic, 'automation.email'));
    expect(mails).toHaveLength(1);
    expect(String(mails[0]!.payload.subject)).toContain('“to Gone” was switched off');
    const admin = lastAdmin()!;
    const bell = await t.ctx.db.select().from(notifications).where(eq(notifications.userId, admin.id));
    expect(bell.map((n) => [n.kind, n.data.name])).toEqual([['automation', 'to Gone']]);
    const shown = presentNotification({ n: bell[0]!, ticketNumber: null, ticketSubject: null, actorName: null });
    expect(notificationText(shown, 'zh-CN').title).toBe('自动化规则“to Gone”多次执行失败，已被停用');
  });

  it('counts a pattern that runs too long as a failure, not a hang', async () => {
    const rule = await buildRule(t.ctx, {
      events: ['ticket.created'],
      conditions: { match: 'all', conditions: [{ field: 'message.text', op: 'matches', value: '^\\w*\\w*\\w*\\w*\\w*z$' }] },
      actions: [{ type: 'add_tags', tags: ['never'] }],
    });
    const { ticketId } = await buildTicket(t.ctx, { text: 'a'.repeat(5000) + '!' });
    await drainRules(t.ctx);
    const [after] = await t.ctx.db.select().from(automationRules).where(eq(automationRules.id, rule.id));
    expect(after!.failureCount).toBe(1);
    expect(after!.lastError).toContain('took longer than');
    expect((await ticketRow(t.ctx, ticketId)).tags).toEqual([]);
  });
});
