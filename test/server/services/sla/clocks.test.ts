import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { routingRules } from '../../../../server/db/schema/index.ts';
import type { Actor } from '../../../../server/services/actor.ts';
import { updatePolicy } from '../../../../server/services/sla/update-policy.ts';
import { hold } from '../../../../server/services/tickets/hold.ts';
import { ingest } from '../../../../server/services/tickets/ingest.ts';
import { reply } from '../../../../server/services/tickets/reply.ts';
import { resolve } from '../../../../server/services/tickets/resolve.ts';
import { setPriority } from '../../../../server/services/tickets/set-priority.ts';
import { createSlaScheduler, type SlaScheduler } from '../../../../server/workers/sla-scheduler.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildActor, buildInbound, buildTeam } from '../../../support/factories.ts';
import { createCalendar } from '../../../../server/services/sla/create-calendar.ts';
import { berlinCalendar, clock, HOUR, iso, MIN, openTicketAt, pinClock, policy, ticketRow } from './harness.ts';

const { t } = contextWorld();
let admin: Actor;
let scheduler: SlaScheduler;
beforeAll(() => pinClock(t));
beforeEach(async () => {
  admin = await buildActor(t.ctx, ['admin']);
  // Only the clock hooks matter here: the first tick runs at start, later ones an hour apart.
  scheduler = createSlaScheduler(t.ctx, { pollMs: 3_600_000 });
  scheduler.start();
});
afterEach(() => scheduler.stop());

const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
async function step(ms: Date, action: () => Promise<unknown>) {
  t.clock.set(ms);
  await action();
  await scheduler.idle();
}

describe('SLA due times', () => {
  it('counts business hours across split shifts, a weekend and a holiday', async () => {
    const calendar = await berlinCalendar(t.ctx, admin, ['2026-05-11']);
    await policy(t.ctx, admin, { calendarId: calendar.id, targets: { normal: { firstResponse: 120, resolution: 600 } } });
    // Friday 16:30 in Berlin: 30 minutes left today; Monday is a holiday.
    const r = await openTicketAt(t, new Date('2026-05-08T14:30:00Z'));
    const ticket = await ticketRow(t.ctx, r.ticketId);
    expect(iso(ticket.firstResponseDueAt)).toBe('2026-05-12T08:30:00.000Z');
    expect(iso(ticket.resolutionDueAt)).toBe('2026-05-13T09:30:00.000Z');
    expect(ticket.nextResponseDueAt).toBeNull();
  });

  it("uses the team's own policy and its calendar's time zone over the default", async () => {
    await policy(t.ctx, admin, { targets: { normal: { firstResponse: 5 } } });
    const team = await buildTeam(t.ctx);
    const tokyo = await createCalendar(t.ctx, admin, {
      name: 'Tokyo',
      timeZone: 'Asia/Tokyo',
      weeklyHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '17:00' }]])),
    });
    await policy(t.ctx, admin, { teamId: team.id, calendarId: tokyo.id, targets: { normal: { firstResponse: 120 } } });
    await t.ctx.db
      .insert(routingRules)
      .values({ name: 'jp', position: 0, conditions: { keywords: ['注文'] }, actions: { teamId: team.id } });

    const jp = await openTicketAt(t, new Date('2026-05-08T07:30:00Z'), { subject: '注文について' });
    const other = await openTicketAt(t, new Date('2026-05-08T07:30:00Z'));
    // 16:30 JST on Friday: 30 minutes, then Monday from 09:00 JST.
    expect(iso((await ticketRow(t.ctx, jp.ticketId)).firstResponseDueAt)).toBe('2026-05-11T01:30:00.000Z');
    expect(iso((await ticketRow(t.ctx, other.ticketId)).firstResponseDueAt)).toBe('2026-05-08T07:35:00.000Z');
  });

  it('meets first response on the reply, pauses while pending, runs next response and resumes resolution on reopen', async () => {
    await policy(t.ctx, admin, { targets: { normal: { firstResponse: 60, nextResponse: 30, resolution: 480 } } });
    const t0 = new Date('2026-05-04T08:00:00Z');
    const thread = { threadKey: 'chat-1', sender: { externalId: 'cust-1' } };
    const { ticketId } = await openTicketAt(t, t0, thread);
    let row = await ticketRow(t.ctx, ticketId);
    expect([iso(row.firstResponseDueAt), iso(row.resolutionDueAt)]).toEqual([iso(at(t0, HOUR)), iso(at(t0, 8 * HOUR))]);

    await step(at(t0, 10 * MIN), () => reply(t.ctx, admin, ticketId, { text: 'Looking into it' }));
    row = await ticketRow(t.ctx, ticketId);
    expect(row.firstResponseDueAt).toBeNull();
    expect((await clock(t.ctx, ticketId, 'first_response'))?.state).toBe('met');

    await step(at(t0, 20 * MIN), () => hold(t.ctx, admin, ticketId, { reason: 'waiting for the order number' }));
    row = await ticketRow(t.ctx, ticketId);
    expect(row.resolutionDueAt).toBeNull();
    expect(await clock(t.ctx, ticketId, 'resolution')).toMatchObject({ state: 'paused', consumedMs: 20 * MIN });

    // Three hours on hold do not count; the customer's answer reopens the ticket and starts a next-response cycle.
    await step(at(t0, 3 * HOUR), () => ingest(t.ctx, buildInbound(thread)));
    row = await ticketRow(t.ctx, ticketId);
    expect(row.status).toBe('open');
    expect(iso(row.nextResponseDueAt)).toBe(iso(at(t0, 3 * HOUR + 30 * MIN)));
    expect(iso(row.resolutionDueAt)).toBe(iso(at(t0, 3 * HOUR + 460 * MIN)));

    await step(at(t0, 3 * HOUR + 10 * MIN), () => reply(t.ctx, admin, ticketId, { text: 'Found it' }));
    expect((await ticketRow(t.ctx, ticketId)).nextResponseDueAt).toBeNull();

    await step(at(t0, 4 * HOUR), () => resolve(t.ctx, admin, ticketId));
    expect((await ticketRow(t.ctx, ticketId)).resolutionDueAt).toBeNull();
    expect((await clock(t.ctx, ticketId, 'resolution'))?.state).toBe('met');

    // Reopened: resolution resumes with 20 + 60 minutes used; a fresh next-response cycle starts.
    await step(at(t0, 5 * HOUR), () => ingest(t.ctx, buildInbound(thread)));
    row = await ticketRow(t.ctx, ticketId);
    expect(iso(row.resolutionDueAt)).toBe(iso(at(t0, 5 * HOUR + 400 * MIN)));
    expect(iso(row.nextResponseDueAt)).toBe(iso(at(t0, 5 * HOUR + 30 * MIN)));
  });

  it('retargets running clocks when the priority or the policy changes', async () => {
    const p = await policy(t.ctx, admin, { targets: { normal: { firstResponse: 60 }, urgent: { firstResponse: 15 } } });
    const t0 = new Date('2026-05-04T08:00:00Z');
    const { ticketId } = await openTicketAt(t, t0);
    await step(at(t0, 5 * MIN), () => setPriority(t.ctx, admin, ticketId, { priority: 'urgent' }));
    expect(iso((await ticketRow(t.ctx, ticketId)).firstResponseDueAt)).toBe(iso(at(t0, 15 * MIN)));

    await updatePolicy(t.ctx, admin, p.id, { targets: { normal: { firstResponse: 60 }, urgent: { firstResponse: 45 } } });
    expect(iso((await ticketRow(t.ctx, ticketId)).firstResponseDueAt)).toBe(iso(at(t0, 45 * MIN)));
  });

  it('keeps a pending-then-reopened ticket paused over closed business hours', async () => {
    const calendar = await berlinCalendar(t.ctx, admin);
    await policy(t.ctx, admin, { calendarId: calendar.id, targets: { normal: { resolution: 240 } } });
    // Monday 10:00 Berlin; on hold at 11:00 (60 minutes used); reopened Tuesday 16:00: 180 minutes left.
    const thread = { threadKey: 'mail-7', sender: { externalId: 'c7' } };
    const { ticketId } = await openTicketAt(t, new Date('2026-05-04T08:00:00Z'), thread);
    await step(new Date('2026-05-04T09:00:00Z'), () => hold(t.ctx, admin, ticketId));
    await step(new Date('2026-05-05T14:00:00Z'), () => ingest(t.ctx, buildInbound(thread)));
    // Tuesday 16:00-17:00 (60), Wednesday 09:00-11:00 (120) -> 11:00 CEST.
    expect(iso((await ticketRow(t.ctx, ticketId)).resolutionDueAt)).toBe('2026-05-06T09:00:00.000Z');
  });
});
