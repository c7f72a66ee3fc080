import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tickets } from '../../../server/db/schema/index.ts';
import { close } from '../../../server/services/tickets/close.ts';
import { buildTeam, buildUser } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';
import { buildTeamTicket } from '../../support/ticket-world.ts';
import { systemActor } from '../../../server/services/actor.ts';

const { t, app } = routeWorld();

const bulk = (headers: Record<string, string>, body: unknown) =>
  app.request('/api/tickets/bulk', { method: 'POST', headers, body: JSON.stringify(body) });

async function agentWithTeam() {
  const agent = await buildTokenUser(t.ctx, ['agent']);
  const team = await buildTeam(t.ctx, { memberIds: [agent.user.id] });
  return { agent, team };
}
const rows = (ids: string[]) => t.ctx.db.select().from(tickets).where(inArray(tickets.id, ids));

describe('POST /api/tickets/bulk', () => {
  it('assigns many tickets, each through the assign verb, publishing one change per ticket after it commits', async () => {
    const { agent, team } = await agentWithTeam();
    const colleague = await buildUser(t.ctx, { roles: ['agent'] });
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await buildTeamTicket(t.ctx, team.id)).ticketId);
    t.published.length = 0;
    const res = await bulk(agent.headers, { ticketIds: ids, action: { type: 'assign', assigneeId: colleague.id } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ applied: 5, refused: 0 });
    expect((await rows(ids)).every((r) => r.assigneeId === colleague.id)).toBe(true);
    const updated = t.published.filter((e) => e.name === 'ticket.updated').map((e) => (e.data as { ticket: { id: string } }).ticket.id);
    expect(updated.sort()).toEqual([...ids].sort());
  });

  it('reports each ticket it could not change with the reason, and changes the others', async () => {
    const { agent, team } = await agentWithTeam();
    const otherTeam = await buildTeam(t.ctx);
    const mine = (await buildTeamTicket(t.ctx, team.id)).ticketId;
    const closed = (await buildTeamTicket(t.ctx, team.id)).ticketId;
    await close(t.ctx, systemActor('test'), closed);
    const hidden = (await buildTeamTicket(t.ctx, otherTeam.id)).ticketId;
    const body = await (
      await bulk(agent.headers, { ticketIds: [mine, closed, hidden], action: { type: 'priority', priority: 'urgent' } })
    ).json();
    expect(body).toMatchObject({ applied: 1, refused: 2 });
    const by = Object.fromEntries(body.results.map((r: { ticketId: string }) => [r.ticketId, r]));
    expect(by[mine]).toMatchObject({ result: 'applied', ticket: { priority: 'urgent' } });
    expect(by[closed]).toMatchObject({ result: 'refused', error: { code: 'CONFLICT' } });
    expect(by[hidden]).toMatchObject({ result: 'refused', error: { code: 'NOT_FOUND' } });
    const [h] = await t.ctx.db.select().from(tickets).where(eq(tickets.id, hidden));
    expect(h!.priority).toBe('normal');
  });

  it('tags, changes status and moves to a team with the existing verbs', async () => {
    const { agent, team } = await agentWithTeam();
    const other = await buildTeam(t.ctx, { memberIds: [agent.user.id] });
    const ids = [(await buildTeamTicket(t.ctx, team.id)).ticketId, (await buildTeamTicket(t.ctx, team.id)).ticketId];
    expect((await (await bulk(agent.headers, { ticketIds: ids, action: { type: 'tag', add: ['VIP Customer'] } })).json()).applied).toBe(2);
    expect((await (await bulk(agent.headers, { ticketIds: ids, action: { type: 'status', status: 'resolved' } })).json()).applied).toBe(2);
    expect((await (await bulk(agent.headers, { ticketIds: ids, action: { type: 'team', teamId: other.id } })).json()).applied).toBe(2);
    for (const r of await rows(ids)) expect(r).toMatchObject({ tags: ['vip-customer'], status: 'resolved', teamId: other.id });
    const res = await (await bulk(agent.headers, { ticketIds: ids, action: { type: 'tag', remove: ['vip-customer'] } })).json();
    expect(res.applied).toBe(2);
    for (const r of await rows(ids)) expect(r.tags).toEqual([]);
  });

  it('refuses an editor, and bad input naming the field, changing nothing', async () => {
    const { agent, team } = await agentWithTeam();
    const editor = await buildTokenUser(t.ctx, ['editor']);
    const id = (await buildTeamTicket(t.ctx, team.id)).ticketId;
    const forbidden = await bulk(editor.headers, { ticketIds: [id], action: { type: 'priority', priority: 'high' } });
    expect(forbidden.status).toBe(403);
    const tooMany = Array.from({ length: 501 }, () => id);
    const cases: Array<[unknown, RegExp]> = [
      [{ ticketIds: tooMany, action: { type: 'priority', priority: 'high' } }, /ticketIds.*500/],
      [{ ticketIds: [], action: { type: 'priority', priority: 'high' } }, /ticketIds/],
      [{ ticketIds: ['nope'], action: { type: 'priority', priority: 'high' } }, /ticketIds/],
      [{ ticketIds: [id], action: { type: 'explode' } }, /action/],
      [{ ticketIds: [id], action: { type: 'priority', priority: 'asap' } }, /action\.priority/],
      [{ ticketIds: [id], action: { type: 'status', status: 'new' } }, /action\.status/],
      [{ ticketIds: [id], action: { type: 'tag' } }, /add/],
      [{ ticketIds: [id], action: { type: 'assign', assigneeId: 'someone' } }, /action\.assigneeId/],
    ];
    for (const [body, message] of cases) {
      const res = await bulk(agent.headers, body);
      expect(res.status, JSON.stringify(body).slice(0, 120)).toBe(400);
      expect((await res.json()).error.message).toMatch(message);
    }
    const [row] = await rows([id]);
    expect(row).toMatchObject({ priority: 'normal', tags: [] });
  });
});

describe('POST /api/tickets/{id}/snooze and /api/settings/tickets', () => {
  it('snoozes for an agent who may see the ticket and refuses bad input and editors', async () => {
    const { agent, team } = await agentWithTeam();
    const editor = await buildTokenUser(t.ctx, ['editor']);
    const id = (await buildTeamTicket(t.ctx, team.id)).ticketId;
    const until = new Date(t.ctx.now().getTime() + 3_600_000).toISOString();
    const post = (h: Record<string, string>, body: unknown) =>
      app.request(`/api/tickets/${id}/snooze`, { method: 'POST', headers: h, body: JSON.stringify(body) });
    expect((await post(editor.headers, { until })).status).toBe(403);
    const bad = await post(agent.headers, { until: 'next week' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/until/);
    expect((await post(agent.headers, {})).status).toBe(400);
    const ok = await post(agent.headers, { until });
    expect(ok.status).toBe(200);
    expect((await ok.json()).ticket).toMatchObject({ status: 'pending', snoozedUntil: until });
  });

  it('lets admins read and change auto-close days; others are refused', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const supervisor = await buildTokenUser(t.ctx, ['supervisor']);
    const put = (h: Record<string, string>, body: unknown) =>
      app.request('/api/settings/tickets', { method: 'PUT', headers: h, body: JSON.stringify(body) });
    expect(await (await app.request('/api/settings/tickets', { headers: admin.headers })).json()).toEqual({ autoCloseDays: 4 });
    expect((await app.request('/api/settings/tickets', { headers: supervisor.headers })).status).toBe(403);
    expect((await put(supervisor.headers, { autoCloseDays: 2 })).status).toBe(403);
    const bad = await put(admin.headers, { autoCloseDays: 'seven' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/autoCloseDays/);
    expect(await (await put(admin.headers, { autoCloseDays: 0 })).json()).toEqual({ autoCloseDays: 0 });
  });
});
