import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { messages, ticketEvents } from '../../../server/db/schema/index.ts';
import { systemActor } from '../../../server/services/actor.ts';
import { evaluateEventRules } from '../../../server/services/automation/evaluate-event.ts';
import { sweepTimeRules } from '../../../server/services/automation/sweep-time-rules.ts';
import { hold } from '../../../server/services/tickets/hold.ts';
import { contextWorld } from '../../support/context-world.ts';
import { buildTicket } from '../../support/factories.ts';
import { buildRule } from '../services/automation/harness.ts';

// Every node sweeps time rules and any node may run an evaluation job twice (a lease that ran out): the once-only
// firing row, written with the actions under the ticket's row lock, must make each period fire exactly once.

const { t } = contextWorld();
const HOUR = 3_600_000;
const TICKETS = 24;

const count = async (ticketId: string, kind: string) =>
  (
    await t.ctx.db
      .select()
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.kind, kind)))
  ).length;

describe('automation on several nodes at once', () => {
  it('three overlapping sweeps send each due reminder once', async () => {
    await buildRule(t.ctx, {
      kind: 'time',
      name: 'Remind',
      conditions: {
        match: 'all',
        conditions: [
          { field: 'status', op: 'in', value: ['pending'] },
          { field: 'hours_since.status_changed', op: 'gte', value: 72 },
        ],
      },
      actions: [
        { type: 'send_reply', text: 'Do you still need help?' },
        { type: 'add_tags', tags: ['reminded'] },
      ],
    });
    const ids: string[] = [];
    for (let i = 0; i < TICKETS; i++) {
      const { ticketId } = await buildTicket(t.ctx);
      await hold(t.ctx, systemActor('test'), ticketId);
      ids.push(ticketId);
    }
    t.clock.advance(73 * HOUR);
    const runs = await Promise.all([
      sweepTimeRules(t.ctx, { batch: 10 }),
      sweepTimeRules(t.ctx, { batch: 10 }),
      sweepTimeRules(t.ctx, { batch: 10 }),
    ]);
    await Promise.all([sweepTimeRules(t.ctx), sweepTimeRules(t.ctx)]);
    expect(runs.every((r) => r.failed === 0)).toBe(true);
    for (const id of ids) {
      expect(await count(id, 'rule_fired')).toBe(1);
      const out = await t.ctx.db
        .select()
        .from(messages)
        .where(and(eq(messages.ticketId, id), eq(messages.direction, 'out')));
      expect(out).toHaveLength(1);
    }
  });

  it('an evaluation job run three times at once fires each rule once', async () => {
    await buildRule(t.ctx, { events: ['ticket.created'], actions: [{ type: 'add_note', text: 'Welcome aboard' }] });
    const { ticketId } = await buildTicket(t.ctx);
    const [created] = await t.ctx.db
      .select()
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.kind, 'created')));
    const job = { ticketId, eventId: created!.id, events: ['ticket.created' as const], depth: 0 };
    const results = await Promise.all([evaluateEventRules(t.ctx, job), evaluateEventRules(t.ctx, job), evaluateEventRules(t.ctx, job)]);
    expect(results.reduce((n, r) => n + r.fired.length, 0)).toBe(1);
    expect(await count(ticketId, 'note_added')).toBe(1);
  });
});
