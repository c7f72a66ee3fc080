import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { messages } from '../../../../server/db/schema/index.ts';
import { systemActor } from '../../../../server/services/actor.ts';
import { sweepTimeRules } from '../../../../server/services/automation/sweep-time-rules.ts';
import { createCalendar } from '../../../../server/services/sla/create-calendar.ts';
import { hold } from '../../../../server/services/tickets/hold.ts';
import { reopen } from '../../../../server/services/tickets/reopen.ts';
import { createAutomationSweeper } from '../../../../server/workers/automation-sweeper.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildActor, buildTicket } from '../../../support/factories.ts';
import { ticketRow } from '../../../support/ticket-world.ts';
import { buildRule, firingsOf, historyKinds } from './harness.ts';

const { t } = contextWorld();
const shift = [{ start: '09:00', end: '17:00' }];
const at = (iso: string) => t.clock.set(new Date(iso));

async function officeCalendar() {
  const admin = await buildActor(t.ctx, ['admin']);
  // Mon–Fri 09–17 UTC; Wednesday 4 March 2026 is a holiday.
  return createCalendar(t.ctx, admin, {
    name: `Office ${Math.random()}`,
    timeZone: 'UTC',
    weeklyHours: { mon: shift, tue: shift, wed: shift, thu: shift, fri: shift },
    holidays: [{ date: '2026-03-04', name: 'Holiday' }],
  });
}

const pendingFor = (hours: number, calendarId: string | null) => ({
  match: 'all',
  conditions: [
    { field: 'status', op: 'in', value: ['pending'] },
    { field: 'hours_since.status_changed', op: 'gte', value: hours, calendarId },
  ],
});

async function pendingTicket() {
  const { ticketId } = await buildTicket(t.ctx);
  await hold(t.ctx, systemActor('test'), ticketId);
  return ticketId;
}

const outgoing = async (ticketId: string) =>
  (await t.ctx.db.select().from(messages).where(eq(messages.ticketId, ticketId))).filter((m) => m.direction === 'out').map((m) => m.text);

describe('time rules', () => {
  it('pending 3 business days → remind once; 5 → resolve with a note; resolved 7 days → close (business hours, a holiday)', async () => {
    const calendar = await officeCalendar();
    await buildRule(t.ctx, {
      kind: 'time',
      name: 'Remind',
      conditions: pendingFor(24, calendar.id),
      actions: [{ type: 'send_reply', text: 'Hello {{customer.first_name}}, do you still need help?' }],
    });
    await buildRule(t.ctx, {
      kind: 'time',
      name: 'Give up',
      conditions: pendingFor(40, calendar.id),
      actions: [
        { type: 'add_note', text: 'No answer in 5 business days' },
        { type: 'set_status', status: 'resolved' },
      ],
    });
    await buildRule(t.ctx, {
      kind: 'time',
      name: 'Close',
      conditions: {
        match: 'all',
        conditions: [
          { field: 'status', op: 'in', value: ['resolved'] },
          { field: 'hours_since.resolved', op: 'gte', value: 168 },
        ],
      },
      actions: [{ type: 'set_status', status: 'closed' }],
    });
    at('2026-03-02T10:00:00Z'); // Monday
    const ticketId = await pendingTicket();
    // Thursday noon: Mon 7 h + Tue 8 h + (Wednesday off) + Thu 3 h = 18 business hours.
    at('2026-03-05T12:00:00Z');
    await sweepTimeRules(t.ctx);
    expect(await outgoing(ticketId)).toEqual([]);
    // Without the holiday this would have been Thursday 10:00; with it, Friday 10:00.
    at('2026-03-06T10:05:00Z');
    await sweepTimeRules(t.ctx);
    at('2026-03-06T16:00:00Z');
    await sweepTimeRules(t.ctx);
    expect(await outgoing(ticketId)).toHaveLength(1);
    expect((await outgoing(ticketId))[0]).toMatch(/^Hello \S+, do you still need help\?$/);
    expect((await ticketRow(t.ctx, ticketId)).status).toBe('pending');
    // 40 business hours: Tuesday 10 March 10:00.
    at('2026-03-10T09:59:00Z');
    await sweepTimeRules(t.ctx);
    expect((await ticketRow(t.ctx, ticketId)).status).toBe('pending');
    at('2026-03-10T10:05:00Z');
    await sweepTimeRules(t.ctx);
    expect((await ticketRow(t.ctx, ticketId)).status).toBe('resolved');
    expect((await historyKinds(t.ctx, ticketId, 'note_added')).length).toBe(1);
    // Resolved 7 calendar days later: closed.
    at('2026-03-17T09:59:00Z');
    await sweepTimeRules(t.ctx);
    expect((await ticketRow(t.ctx, ticketId)).status).toBe('resolved');
    at('2026-03-17T10:10:00Z');
    await sweepTimeRules(t.ctx);
    expect((await ticketRow(t.ctx, ticketId)).status).toBe('closed');
    const fired = (await historyKinds(t.ctx, ticketId, 'rule_fired')).map((e) => e.toValue);
    expect(fired).toEqual(['Remind', 'Give up', 'Close']);
    expect((await firingsOf(t.ctx, ticketId)).every((f) => f.periodKey.startsWith('time:'))).toBe(true);
  });

  it('fires again in a new period: pending, customer answers, pending again', async () => {
    await buildRule(t.ctx, {
      kind: 'time',
      name: 'Nudge',
      conditions: pendingFor(2, null),
      actions: [{ type: 'add_note', text: 'nudge' }],
    });
    at('2026-03-02T10:00:00Z');
    const ticketId = await pendingTicket();
    at('2026-03-02T12:30:00Z');
    await sweepTimeRules(t.ctx);
    await sweepTimeRules(t.ctx);
    expect(await historyKinds(t.ctx, ticketId, 'note_added')).toHaveLength(1);
    at('2026-03-02T12:45:00Z');
    await reopen(t.ctx, systemActor('test'), ticketId);
    at('2026-03-02T13:00:00Z');
    await hold(t.ctx, systemActor('test'), ticketId);
    at('2026-03-02T15:30:00Z');
    await sweepTimeRules(t.ctx);
    expect(await historyKinds(t.ctx, ticketId, 'note_added')).toHaveLength(2);
  });

  it('a sweep stopped midway (a restart) leaves the rest to the next sweep; nothing fires twice', async () => {
    await buildRule(t.ctx, {
      kind: 'time',
      name: 'Nudge',
      conditions: pendingFor(1, null),
      actions: [
        { type: 'add_tags', tags: ['nudged'] },
        { type: 'add_note', text: 'nudge' },
      ],
    });
    at('2026-03-02T10:00:00Z');
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await pendingTicket());
    at('2026-03-02T12:00:00Z');
    let budget = 3; // one look at the rule, then two tickets
    const first = await sweepTimeRules(t.ctx, { running: () => budget-- > 0 });
    expect(first.fired).toBe(2);
    const sweeper = createAutomationSweeper(t.ctx);
    expect((await sweeper.tick()).fired).toBe(4);
    expect((await sweeper.tick()).fired).toBe(0);
    for (const id of ids) expect(await historyKinds(t.ctx, id, 'note_added')).toHaveLength(1);
  });

  it('two sweeps at once (two nodes) fire each ticket once', async () => {
    await buildRule(t.ctx, {
      kind: 'time',
      name: 'Nudge',
      conditions: pendingFor(1, null),
      actions: [{ type: 'add_note', text: 'nudge' }],
    });
    at('2026-03-02T10:00:00Z');
    const ids = [];
    for (let i = 0; i < 8; i++) ids.push(await pendingTicket());
    at('2026-03-02T12:00:00Z');
    const [a, b] = await Promise.all([sweepTimeRules(t.ctx), sweepTimeRules(t.ctx)]);
    expect(a.fired + b.fired).toBe(8);
    for (const id of ids) expect(await historyKinds(t.ctx, id, 'rule_fired')).toHaveLength(1);
  });
});
