import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { notifications, ticketEvents, tickets } from '../../../server/db/schema/index.ts';
import { assign } from '../../../server/services/tickets/assign.ts';
import { autoCloseResolved } from '../../../server/services/tickets/auto-close.ts';
import { resolve } from '../../../server/services/tickets/resolve.ts';
import { snooze } from '../../../server/services/tickets/snooze.ts';
import { wakeSnoozed } from '../../../server/services/tickets/wake-snoozed.ts';
import { contextWorld } from '../../support/context-world.ts';
import { buildActor, buildTicket } from '../../support/factories.ts';

// Every app node runs the ticket timers (server/workers/ticket-timers.ts): schedulers that overlap on the same due
// tickets must end each snooze and close each ticket exactly once, with one history row and one notification.

const { t } = contextWorld();
const HOUR = 3_600_000;
const TICKETS = 24;

describe('ticket timers on several nodes at once', () => {
  it('wakes each snoozed ticket once and closes each resolved ticket once', async () => {
    const agent = await buildActor(t.ctx, ['supervisor']);
    const snoozed: string[] = [];
    const resolved: string[] = [];
    for (let i = 0; i < TICKETS; i++) {
      const { ticketId } = await buildTicket(t.ctx);
      await assign(t.ctx, agent, ticketId, { assigneeId: agent.id });
      await snooze(t.ctx, agent, ticketId, { until: new Date(t.ctx.now().getTime() + HOUR).toISOString() });
      snoozed.push(ticketId);
      const other = await buildTicket(t.ctx);
      await resolve(t.ctx, agent, other.ticketId);
      resolved.push(other.ticketId);
    }
    t.clock.advance(5 * 24 * HOUR);

    const woken = await Promise.all([wakeSnoozed(t.ctx), wakeSnoozed(t.ctx), wakeSnoozed(t.ctx)]);
    const closed = await Promise.all([autoCloseResolved(t.ctx), autoCloseResolved(t.ctx), autoCloseResolved(t.ctx)]);

    expect(woken.reduce((n, r) => n + r.woken, 0)).toBe(TICKETS);
    expect(closed.reduce((n, r) => n + r.closed, 0)).toBe(TICKETS);
    expect([...woken, ...closed].every((r) => r.failed === 0)).toBe(true);
    expect(await t.ctx.db.$count(notifications, eq(notifications.kind, 'snooze'))).toBe(TICKETS);
    const rows = await t.ctx.db.select({ id: tickets.id, status: tickets.status }).from(tickets);
    const status = new Map(rows.map((r) => [r.id, r.status]));
    expect(snoozed.every((id) => status.get(id) === 'open')).toBe(true);
    expect(resolved.every((id) => status.get(id) === 'closed')).toBe(true);
    const events = await t.ctx.db.select({ data: ticketEvents.data }).from(ticketEvents).where(eq(ticketEvents.kind, 'status_changed'));
    expect(events.filter((e) => e.data.action === 'unsnooze')).toHaveLength(TICKETS);
    expect(events.filter((e) => e.data.action === 'auto_close')).toHaveLength(TICKETS);
  });
});
