import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { users } from '../../../../server/db/schema/index.ts';
import type { Actor } from '../../../../server/services/actor.ts';
import { getDashboard } from '../../../../server/services/dashboard/get-dashboard.ts';
import { listTickets, type ListTicketsInput } from '../../../../server/services/tickets/list-tickets.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { minutesAgo, NOW, seedDashboardWorld } from '../../../support/dashboard-world.ts';
import { buildActor } from '../../../support/factories.ts';

const { t } = contextWorld();
let world: Awaited<ReturnType<typeof seedDashboardWorld>>;
let sup: Actor;
beforeEach(async () => {
  t.clock.set(NOW);
  world = await seedDashboardWorld(t.ctx);
  sup = await buildActor(t.ctx, ['supervisor']);
});

const snapshot = () => getDashboard(t.ctx, sup, { tz: 'Asia/Shanghai' });
/** The subjects behind a number, through the ticket list the console's inbox uses. */
const behind = async (filters: ListTicketsInput) =>
  (await listTickets(t.ctx, sup, { view: 'all', limit: 100, ...filters })).tickets.map((x) => x.subject.replace('Ticket ', '')).sort();

describe('supervisor dashboard snapshot (hand-computed from dashboard-world.ts)', () => {
  it('counts waiting tickets per team and channel with the oldest wait; pending, assigned and unrouted ones do not wait', async () => {
    const { queues } = await snapshot();
    const billing = queues.find((q) => q.teamName === 'Billing')!;
    // W1 (email, 30 min), W2 (email, 10 min), W3 (widget, 5 min); W4 is pending, A1/A2 are assigned.
    expect(billing).toMatchObject({ waiting: 3, oldestQueuedAt: minutesAgo(30).toISOString() });
    expect(billing.channels).toEqual([
      { channel: 'email', waiting: 2, oldestQueuedAt: minutesAgo(30).toISOString() },
      { channel: 'widget', waiting: 1, oldestQueuedAt: minutesAgo(5).toISOString() },
      { channel: 'telegram', waiting: 0, oldestQueuedAt: null },
      { channel: 'api', waiting: 0, oldestQueuedAt: null },
    ]);
    // W5 was never routed and A3 is assigned: Sales has nobody waiting but is still listed.
    expect(queues.find((q) => q.teamName === 'Sales')).toMatchObject({ waiting: 0, oldestQueuedAt: null });
    expect(await behind({ queue: world.billing.id })).toEqual(['W1', 'W2', 'W3']);
    expect(await behind({ queue: world.billing.id, channel: ['email'] })).toEqual(['W1', 'W2']);
  });

  it('lists agents online first with presence, load per channel and their open tickets', async () => {
    const { agents } = await snapshot();
    expect(agents.map((a) => [a.name, a.presence, a.capacity, a.load, a.openTickets])).toEqual([
      ['Alice Wang', 'online', 3, 1, 2],
      ['Bob Li', 'away', 5, 1, 1],
      ['Carol Idle', 'offline', null, 0, 0],
    ]);
    const alice = agents[0]!;
    // A2 is pending: it is one of her open tickets but does not occupy her (routing's load counts new and open).
    expect(alice.loadByChannel).toEqual({ widget: 1 });
    expect(alice.tickets.map((x) => [x.number, x.subject, x.status])).toEqual([
      [world.numbers.A1, 'Ticket A1', 'open'],
      [world.numbers.A2, 'Ticket A2', 'pending'],
    ]);
    expect(await behind({ assigneeId: world.alice.id, status: ['new', 'open'], channel: ['widget'] })).toEqual(['A1']);
  });

  it('separates at-risk from breached: met and paused clocks never count, a breach hides the ticket from at-risk', async () => {
    const { sla } = await snapshot();
    // A1 warned (due in 10 min), W1 reached its warning share before the scheduler marked it (due in 60 min).
    expect(sla.atRisk.count).toBe(2);
    expect(sla.atRisk.tickets.map((x) => [x.subject, x.metric, x.dueAt, x.assigneeName, x.teamName])).toEqual([
      ['Ticket A1', 'first_response', minutesAgo(-10).toISOString(), 'Alice Wang', 'Billing'],
      ['Ticket W1', 'resolution', minutesAgo(-60).toISOString(), null, 'Billing'],
    ]);
    // A3 was marked breached (its warned resolution clock does not make it "at risk"); W3 is past due, not yet marked.
    expect(sla.breached.count).toBe(2);
    expect(sla.breached.tickets.map((x) => [x.subject, x.metric])).toEqual([
      ['Ticket A3', 'first_response'],
      ['Ticket W3', 'next_response'],
    ]);
    expect(await behind({ sla: 'at_risk' })).toEqual(['A1', 'W1']);
    expect(await behind({ sla: 'breached' })).toEqual(['A3', 'W3']);
  });

  it('today (Shanghai) volume, first response and resolution median/p90, CSAT average and distribution', async () => {
    const { today } = await snapshot();
    expect(today).toMatchObject({ date: '2026-03-10', tz: 'Asia/Shanghai', fromAt: '2026-03-09T16:00:00.000Z' });
    // Created today: W1-W5, A1-A3, F1, F2, F3, F5 = 12 (F4 and Y1 are yesterday's). Resolved today: F1, F2, F4, F5.
    expect([today.created, today.resolved]).toEqual([12, 4]);
    // First response of tickets created today: F1 600, F5 1200, F2 1800, F3 3600 s.
    // median (1200+1800)/2 = 1500; p90 at rank 0.9*3 = 2.7: 1800 + 0.7*1800 = 3060.
    expect(today.firstResponse).toEqual({ count: 4, median: 1500, p90: 3060 });
    // Resolution: F5 3000, F1 3600, F2 7200, F4 (yesterday 20:00 -> 13:00) 61200. median 5400; p90 7200 + 0.7*54000 = 45000.
    expect(today.resolution).toEqual({ count: 4, median: 5400, p90: 45000 });
    // Ratings today 5, 5, 4, 2 (yesterday's 1 is out): mean 4.
    expect(today.csat).toEqual({
      responses: 4,
      average: 4,
      distribution: [
        { rating: 1, count: 0 },
        { rating: 2, count: 1 },
        { rating: 3, count: 0 },
        { rating: 4, count: 1 },
        { rating: 5, count: 2 },
      ],
    });
    const from = today.fromAt;
    expect((await behind({ createdFrom: from })).length).toBe(12);
    expect(await behind({ createdFrom: from, responded: true })).toEqual(['F1', 'F2', 'F3', 'F5']);
    expect(await behind({ resolvedFrom: from })).toEqual(['F1', 'F2', 'F4', 'F5']);
    expect(await behind({ ratedFrom: from, rating: 5 })).toEqual(['F1', 'F2']);
    expect(await behind({ ratedFrom: from, rating: 1 })).toEqual([]);
  });

  it('takes "today" in the viewer’s profile zone by default and names a bad zone', async () => {
    // 15:00 in Shanghai is 03:00 in New York (EDT since 8 March), whose day began at 04:00 UTC = 12:00 in Shanghai:
    // only the 8 W/A tickets and F5 were created since.
    await t.ctx.db
      .update(users)
      .set({ timeZone: 'America/New_York' })
      .where(eq(users.id, (sup as { id: string }).id));
    expect((await getDashboard(t.ctx, sup)).today).toMatchObject({
      date: '2026-03-10',
      tz: 'America/New_York',
      fromAt: '2026-03-10T04:00:00.000Z',
      created: 9,
    });
    await expect(getDashboard(t.ctx, sup, { tz: 'Mars/Olympus' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('tz'),
    });
  });

  it('is for supervisors and admins: an agent is refused', async () => {
    const agent = await buildActor(t.ctx, ['agent']);
    await expect(getDashboard(t.ctx, agent)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const admin = await buildActor(t.ctx, ['admin']);
    expect((await getDashboard(t.ctx, admin, { tz: 'Asia/Shanghai' })).today.created).toBe(12);
  });
});
