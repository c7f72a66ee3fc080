import { describe, expect, it } from 'vitest';
import { auditLog, businessCalendars, routingRules, slaPolicies } from '../../../server/db/schema/index.ts';
import { routeTicket } from '../../../server/services/routing/route-ticket.ts';
import { buildTeam, buildTicket } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';
import { buildStaffedTeam } from '../services/routing/harness.ts';

const { t, app } = routeWorld();

const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });

const weekdays = (start: string, end: string) => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start, end }]]));
const calendarBody = {
  name: 'Berlin office',
  timeZone: 'Europe/Berlin',
  weeklyHours: weekdays('09:00', '17:00'),
  holidays: [{ date: '2026-12-25', name: 'Christmas' }],
};

describe('routing and SLA admin API', () => {
  it('lets a supervisor set up calendars, policies and ordered rules, each change audited', async () => {
    const sup = await buildTokenUser(t.ctx, ['supervisor']);
    const team = await buildTeam(t.ctx, { name: 'Billing' });

    const cal = await send('POST', '/api/calendars', sup.headers, calendarBody);
    expect(cal.status).toBe(201);
    const { calendar } = await cal.json();
    const due = await send('GET', `/api/calendars/${calendar.id}/due?from=2026-12-24T15:30:00Z&minutes=60`, sup.headers);
    // Thursday 16:30 Berlin: 30 minutes, Christmas Friday closed, then Monday 09:00-09:30.
    expect(await due.json()).toMatchObject({ dueAt: '2026-12-28T08:30:00.000Z' });

    const pol = await send('POST', '/api/sla-policies', sup.headers, {
      name: 'Standard',
      calendarId: calendar.id,
      targets: { normal: { firstResponse: 240, resolution: 2400 }, urgent: { firstResponse: 30 } },
      breachAction: 'escalation_team',
    });
    expect(pol.status).toBe(201);
    const { policy } = await pol.json();
    expect(policy).toMatchObject({ teamId: null, warnAtPercent: 80, raisePriority: true, notifyEmail: false });
    const patched = await send('PATCH', `/api/sla-policies/${policy.id}`, sup.headers, { warnAtPercent: 75 });
    expect((await patched.json()).policy.warnAtPercent).toBe(75);

    const r1 = (
      await (
        await send('POST', '/api/routing-rules', sup.headers, {
          name: 'Invoices',
          conditions: { keywords: ['invoice'] },
          actions: { teamId: team.id },
        })
      ).json()
    ).rule;
    const r2 = (
      await (
        await send('POST', '/api/routing-rules', sup.headers, {
          name: 'VIP',
          position: 0,
          conditions: { customerTiers: ['vip'] },
          actions: { priority: 'high', tags: ['VIP Customer'] },
        })
      ).json()
    ).rule;
    expect(r2).toMatchObject({ position: 0, actions: { tags: ['vip-customer'] } });
    const order = await send('PUT', '/api/routing-rules/order', sup.headers, { ids: [r1.id, r2.id] });
    expect((await order.json()).rules.map((r: { name: string }) => r.name)).toEqual(['Invoices', 'VIP']);
    expect((await send('DELETE', `/api/routing-rules/${r1.id}`, sup.headers)).status).toBe(204);
    expect((await (await send('GET', '/api/routing-rules', sup.headers)).json()).rules).toMatchObject([{ name: 'VIP', position: 0 }]);

    const actions = (await t.ctx.db.select().from(auditLog).orderBy(auditLog.id)).map((a) => a.action);
    expect(actions).toEqual([
      'calendar.created',
      'sla_policy.created',
      'sla_policy.updated',
      'routing_rule.created',
      'routing_rule.created',
      'routing_rule.reordered',
      'routing_rule.deleted',
    ]);
  });

  it('refuses every admin write to agents and editors, and everything to anonymous callers', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const calendar = (await (await send('POST', '/api/calendars', admin.headers, calendarBody)).json()).calendar;
    const policy = (await (await send('POST', '/api/sla-policies', admin.headers, { name: 'P', targets: {} })).json()).policy;
    const rule = (await (await send('POST', '/api/routing-rules', admin.headers, { name: 'R', actions: { priority: 'low' } })).json()).rule;
    const writes: Array<[string, string, unknown?]> = [
      ['POST', '/api/calendars', { ...calendarBody, name: 'Other' }],
      ['PATCH', `/api/calendars/${calendar.id}`, { name: 'Renamed' }],
      ['DELETE', `/api/calendars/${calendar.id}`],
      ['POST', '/api/sla-policies', { name: 'Q', teamId: (await buildTeam(t.ctx)).id, targets: {} }],
      ['PATCH', `/api/sla-policies/${policy.id}`, { warnAtPercent: 50 }],
      ['DELETE', `/api/sla-policies/${policy.id}`],
      ['POST', '/api/routing-rules', { name: 'S', actions: { priority: 'high' } }],
      ['PATCH', `/api/routing-rules/${rule.id}`, { enabled: false }],
      ['PUT', '/api/routing-rules/order', { ids: [rule.id] }],
      ['DELETE', `/api/routing-rules/${rule.id}`],
    ];
    for (const roles of [['agent'], ['editor']] as const) {
      const user = await buildTokenUser(t.ctx, [...roles]);
      for (const [method, path, body] of writes) {
        const res = await send(method, path, user.headers, body);
        expect([method, path, res.status]).toEqual([method, path, 403]);
      }
    }
    for (const [method, path, body] of writes) {
      expect((await send(method, path, { 'content-type': 'application/json' }, body)).status).toBe(401);
    }
    expect(await t.ctx.db.$count(businessCalendars)).toBe(1);
    expect(await t.ctx.db.$count(slaPolicies)).toBe(1);
    expect(await t.ctx.db.$count(routingRules)).toBe(1);
    // Editors do not work tickets: they cannot read rules either; agents may read queues, policies and calendars.
    const editor = await buildTokenUser(t.ctx, ['editor']);
    expect((await send('GET', '/api/routing-rules', editor.headers)).status).toBe(403);
    expect((await send('GET', '/api/queues', editor.headers)).status).toBe(403);
  });

  it('names the bad field and refuses conflicts clearly', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const bad = async (method: string, path: string, body: unknown) => {
      const res = await send(method, path, admin.headers, body);
      return { status: res.status, ...(await res.json()).error };
    };
    const overlap = await bad('POST', '/api/calendars', {
      ...calendarBody,
      weeklyHours: {
        mon: [
          { start: '09:00', end: '13:00' },
          { start: '12:00', end: '17:00' },
        ],
      },
    });
    expect(overlap).toMatchObject({ status: 400, message: expect.stringContaining('weeklyHours.mon') });
    expect(await bad('POST', '/api/sla-policies', { name: 'P', targets: { normal: { firstResponse: 0 } } })).toMatchObject({
      status: 400,
      message: expect.stringContaining('targets.normal.firstResponse'),
    });
    const ghost = '00000000-0000-4000-8000-000000000000';
    expect(await bad('POST', '/api/sla-policies', { name: 'P', teamId: ghost, targets: {} })).toMatchObject({
      status: 400,
      message: expect.stringContaining('teamId'),
    });
    expect(await bad('POST', '/api/routing-rules', { name: 'R', actions: {} })).toMatchObject({
      status: 400,
      message: expect.stringContaining('at least one action'),
    });
    expect(await bad('POST', '/api/routing-rules', { name: 'R', actions: { teamId: ghost } })).toMatchObject({
      status: 400,
      message: expect.stringContaining('actions.teamId'),
    });

    const cal = (await (await send('POST', '/api/calendars', admin.headers, calendarBody)).json()).calendar;
    expect((await send('POST', '/api/sla-policies', admin.headers, { name: 'A', calendarId: cal.id, targets: {} })).status).toBe(201);
    expect(await bad('POST', '/api/sla-policies', { name: 'B', targets: {} })).toMatchObject({
      status: 409,
      message: expect.stringContaining('default SLA policy'),
    });
    expect(await bad('DELETE', `/api/calendars/${cal.id}`, undefined)).toMatchObject({
      status: 409,
      message: expect.stringContaining('A'),
    });
    expect(await bad('PUT', '/api/routing-rules/order', { ids: [ghost] })).toMatchObject({
      status: 400,
      message: expect.stringContaining('ids'),
    });
  });

  it('shows supervisors every queue and agents their own teams’ queues with the waiting tickets in serving order', async () => {
    const { team, agents } = await buildStaffedTeam(t.ctx, [{ presence: 'offline' }], { name: 'Support' });
    const other = await buildTeam(t.ctx, { name: 'Other' });
    await t.ctx.db.insert(routingRules).values({ name: 'all', position: 0, actions: { teamId: team.id } });
    const first = await buildTicket(t.ctx, { subject: 'first' });
    const second = await buildTicket(t.ctx, { subject: 'second' });
    for (const r of [first, second]) await routeTicket(t.ctx, r.ticketId);

    const sup = await buildTokenUser(t.ctx, ['supervisor']);
    const all = (await (await send('GET', '/api/queues', sup.headers)).json()).queues;
    expect(all.map((q: { teamName: string; waiting: number }) => [q.teamName, q.waiting])).toEqual([
      ['Other', 0],
      ['Support', 2],
    ]);

    const { teamMembers } = await import('../../../server/db/schema/index.ts');
    const agent = await buildTokenUser(t.ctx, ['agent']);
    await t.ctx.db.insert(teamMembers).values({ teamId: team.id, userId: agent.user.id });
    const mine = (await (await send('GET', '/api/queues', agent.headers)).json()).queues;
    expect(mine.map((q: { teamId: string }) => q.teamId)).toEqual([team.id]);
    expect((await send('GET', `/api/queues/${other.id}`, agent.headers)).status).toBe(403);
    const queue = await (await send('GET', `/api/queues/${team.id}`, agent.headers)).json();
    expect(queue.waiting.map((w: { ticketId: string }) => w.ticketId)).toEqual([first.ticketId, second.ticketId]);
    expect(queue.stats.agents).toMatchObject(
      expect.arrayContaining([expect.objectContaining({ userId: agents[0]!.id, presence: 'offline', load: 0 })]),
    );
  });
});
