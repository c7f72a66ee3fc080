import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, outbox, ticketEvents } from '../../../server/db/schema/index.ts';
import { buildTeam, buildTicket } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';
import { ticketRow } from '../../support/ticket-world.ts';

const { t, app } = routeWorld();

const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });

const vipRule = (teamId: string) => ({
  name: 'VIP mail',
  kind: 'event',
  events: ['ticket.created'],
  conditions: { match: 'all', conditions: [{ field: 'sender.domain', op: 'in', value: ['VIP.example.com'] }] },
  actions: [
    { type: 'set_priority', priority: 'high' },
    { type: 'assign_team', teamId },
    { type: 'add_tags', tags: ['VIP'] },
  ],
});

describe('automation admin API', () => {
  it('lets an admin create, list, change, switch off, reorder and delete rules, each change audited', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const team = await buildTeam(t.ctx, { name: 'VIP' });
    const created = await send('POST', '/api/automation/rules', admin.headers, vipRule(team.id));
    expect(created.status).toBe(201);
    const { rule } = await created.json();
    // Stored normalised: domains and tags in lower case.
    expect(rule.conditions.conditions[0].value).toEqual(['vip.example.com']);
    expect(rule.actions[2]).toEqual({ type: 'add_tags', tags: ['vip'] });
    const time = await send('POST', '/api/automation/rules', admin.headers, {
      name: 'Close resolved',
      kind: 'time',
      conditions: {
        match: 'all',
        conditions: [
          { field: 'status', op: 'in', value: ['resolved'] },
          { field: 'hours_since.resolved', op: 'gte', value: 168 },
        ],
      },
      actions: [{ type: 'set_status', status: 'closed' }],
    });
    expect(time.status).toBe(201);
    const second = (await time.json()).rule;

    const off = await send('PATCH', `/api/automation/rules/${rule.id}`, admin.headers, { enabled: false });
    expect((await off.json()).rule.enabled).toBe(false);
    const order = await send('PUT', '/api/automation/rules/order', admin.headers, { ids: [second.id, rule.id] });
    expect((await order.json()).rules.map((r: { name: string }) => r.name)).toEqual(['Close resolved', 'VIP mail']);
    const listed = await (await send('GET', '/api/automation/rules', admin.headers)).json();
    expect(listed.rules[1]).toMatchObject({
      name: 'VIP mail',
      enabled: false,
      fireCount: 0,
      lastFiredAt: null,
      failureCount: 0,
      disabledReason: null,
    });
    expect((await send('DELETE', `/api/automation/rules/${second.id}`, admin.headers)).status).toBe(204);
    const audits = (await t.ctx.db.select().from(auditLog)).map((a) => a.action);
    expect(audits).toEqual(
      expect.arrayContaining([
        'automation_rule.created',
        'automation_rule.disabled',
        'automation_rule.reordered',
        'automation_rule.deleted',
      ]),
    );
  });

  it('serves the catalog the console builds its editor from', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const res = await send('GET', '/api/automation/catalog', admin.headers);
    const catalog = await res.json();
    expect(catalog.events).toContain('message.customer');
    expect(catalog.conditionFields.find((f: { field: string }) => f.field === 'message.text').ops.map((o: { op: string }) => o.op)).toEqual(
      ['contains', 'not_contains', 'matches'],
    );
    expect(catalog.actions.map((a: { type: string }) => a.type)).toContain('send_reply');
  });

  it('refuses agents and supervisors, and bad input with a 400 naming the field', async () => {
    for (const role of ['agent', 'supervisor'] as const) {
      const user = await buildTokenUser(t.ctx, [role]);
      expect((await send('GET', '/api/automation/rules', user.headers)).status).toBe(403);
      expect((await send('POST', '/api/automation/rules', user.headers, vipRule('00000000-0000-4000-8000-000000000001'))).status).toBe(403);
    }
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const bad = async (body: unknown, path: RegExp) => {
      const res = await send('POST', '/api/automation/rules', admin.headers, body);
      expect(res.status).toBe(400);
      const msg = (await res.json()).error.message;
      expect(msg).toMatch(path);
    };
    const team = await buildTeam(t.ctx);
    await bad(
      { ...vipRule(team.id), conditions: { match: 'all', conditions: [{ field: 'moon', op: 'in', value: [] }] } },
      /unknown condition field "moon"/,
    );
    await bad(
      { ...vipRule(team.id), conditions: { match: 'all', conditions: [{ field: 'message.text', op: 'matches', value: '(a+)+$' }] } },
      /repeated group/,
    );
    await bad({ ...vipRule(team.id), actions: [{ type: 'fly' }] }, /actions/);
    await bad({ ...vipRule(team.id), events: [] }, /at least one event/);
    await bad({ ...vipRule(team.id), kind: 'time', events: [] }, /hours since/);
    await bad(vipRule('00000000-0000-4000-8000-000000000009'), /actions\.1\.teamId: no team/);
  });

  it('tests a rule on ticket #N: which conditions hold, with the values seen, and what would happen — changing nothing', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const team = await buildTeam(t.ctx, { name: 'VIP' });
    const { rule } = await (await send('POST', '/api/automation/rules', admin.headers, { ...vipRule(team.id), enabled: false })).json();
    const { ticketId } = await buildTicket(t.ctx, { channel: 'email', sender: { externalId: 'ceo@vip.example.com' } });
    const before = await ticketRow(t.ctx, ticketId);
    const eventsBefore = (await t.ctx.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId))).length;
    const outboxBefore = (await t.ctx.db.select().from(outbox)).length;
    const res = await send('POST', `/api/automation/rules/${rule.id}/test`, admin.headers, { ticketNumber: before.number });
    expect(res.status).toBe(200);
    const result = await res.json();
    expect(result.holds).toBe(true);
    expect(result.checks).toEqual([
      { field: 'sender.domain', op: 'in', value: ['vip.example.com'], actual: 'vip.example.com', holds: true },
    ]);
    expect(result.actions.map((a: { status: string; detail?: string }) => [a.status, a.detail?.slice(0, 14)])).toEqual([
      ['done', 'normal → high'],
      ['done', 'team queue; wa'],
      ['done', 'vip'],
    ]);
    const after = await ticketRow(t.ctx, ticketId);
    expect([after.priority, after.teamId, after.tags]).toEqual([before.priority, before.teamId, before.tags]);
    expect((await t.ctx.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId))).length).toBe(eventsBefore);
    expect((await t.ctx.db.select().from(outbox)).length).toBe(outboxBefore);

    const draft = await send('POST', '/api/automation/rules/test', admin.headers, {
      ticketNumber: before.number,
      rule: { ...vipRule(team.id), conditions: { match: 'all', conditions: [{ field: 'channel', op: 'in', value: ['telegram'] }] } },
    });
    const d = await draft.json();
    expect([d.holds, d.checks[0].actual]).toEqual([false, 'email']);
    expect((await send('POST', `/api/automation/rules/${rule.id}/test`, admin.headers, { ticketNumber: 999999 })).status).toBe(404);
  });
});
