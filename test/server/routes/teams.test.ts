import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, teamMembers, teams, tickets } from '../../../server/db/schema/index.ts';
import { buildTeam, buildTicket, buildUser } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld();

const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });

describe('teams', () => {
  it('a supervisor creates, renames and deletes a team; every change is audited', async () => {
    const sup = await buildTokenUser(t.ctx, ['supervisor']);
    const created = await send('POST', '/api/teams', sup.headers, { name: 'Billing' });
    expect(created.status).toBe(201);
    const { team } = await created.json();
    expect(team).toMatchObject({ name: 'Billing', autoAssign: true, escalationTeamId: null, members: [] });
    const renamed = await send('PATCH', `/api/teams/${team.id}`, sup.headers, { name: 'Billing & Refunds', autoAssign: false });
    expect((await renamed.json()).team).toMatchObject({ name: 'Billing & Refunds', autoAssign: false });
    expect((await send('DELETE', `/api/teams/${team.id}`, sup.headers)).status).toBe(204);
    expect(await t.ctx.db.$count(teams)).toBe(0);
    const audit = await t.ctx.db.select().from(auditLog).orderBy(auditLog.id);
    expect(audit.map((a) => a.action)).toEqual(['team.created', 'team.updated', 'team.deleted']);
    expect(audit[1]!.data).toMatchObject({ name: { from: 'Billing', to: 'Billing & Refunds' } });
  });

  it('refuses a second team with the same name, ignoring case, with 409', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    await send('POST', '/api/teams', admin.headers, { name: 'Billing' });
    const dup = await send('POST', '/api/teams', admin.headers, { name: ' billing ' });
    expect(dup.status).toBe(409);
    expect((await dup.json()).error.message).toContain('billing');
    const other = (await (await send('POST', '/api/teams', admin.headers, { name: 'Tech' })).json()).team;
    expect((await send('PATCH', `/api/teams/${other.id}`, admin.headers, { name: 'BILLING' })).status).toBe(409);
  });

  it('creates exactly one team when the same name is submitted concurrently', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const results = await Promise.all(Array.from({ length: 5 }, () => send('POST', '/api/teams', admin.headers, { name: 'Rush' })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await t.ctx.db.$count(teams)).toBe(1);
  });

  it('sets members with skills and capacity (PUT is idempotent) and removes them', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const agent = await buildUser(t.ctx, { roles: ['agent'], name: 'Ana' });
    const team = await buildTeam(t.ctx, { name: 'Tech' });
    const path = `/api/teams/${team.id}/members/${agent.id}`;
    const put = await send('PUT', path, admin.headers, { skills: ['Printers', 'vpn', 'printers'], capacity: 5 });
    expect(put.status).toBe(200);
    expect((await put.json()).team.members).toEqual([
      { userId: agent.id, name: 'Ana', skills: ['printers', 'vpn'], capacity: 5, capacityByChannel: {} },
    ]);
    await send('PUT', path, admin.headers, { skills: ['vpn'], capacity: 8 });
    const rows = await t.ctx.db.select().from(teamMembers);
    expect(rows).toMatchObject([{ userId: agent.id, skills: ['vpn'], capacity: 8 }]);
    expect((await send('DELETE', path, admin.headers)).status).toBe(204);
    expect((await send('DELETE', path, admin.headers)).status).toBe(404);
    const audit = await t.ctx.db.select().from(auditLog).orderBy(auditLog.id);
    expect(audit.map((a) => a.action)).toEqual(['team.member_added', 'team.member_updated', 'team.member_removed']);
  });

  it.each([
    [{ skills: [], capacity: 0 }, 'capacity'],
    [{ skills: [], capacity: 101 }, 'capacity'],
    [{ skills: [], capacity: 2.5 }, 'capacity'],
    [{ skills: [''], capacity: 3 }, 'skills.0'],
    [{ capacity: 3 }, 'skills'],
  ])('refuses member input %j naming the field', async (body, field) => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const agent = await buildUser(t.ctx);
    const team = await buildTeam(t.ctx);
    const res = await send('PUT', `/api/teams/${team.id}/members/${agent.id}`, admin.headers, body);
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0].path).toBe(field);
    expect(await t.ctx.db.$count(teamMembers)).toBe(0);
  });

  it('refuses to add an editor-only user to a team, and an unknown user with 404', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const editor = await buildUser(t.ctx, { roles: ['editor'] });
    const team = await buildTeam(t.ctx);
    const res = await send('PUT', `/api/teams/${team.id}/members/${editor.id}`, admin.headers, { skills: [], capacity: 3 });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/agent role/);
    const unknown = await send('PUT', `/api/teams/${team.id}/members/00000000-0000-4000-8000-000000000000`, admin.headers, {
      skills: [],
      capacity: 3,
    });
    expect(unknown.status).toBe(404);
  });

  it('refuses to delete a team that still owns open tickets', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const team = await buildTeam(t.ctx);
    const ticket = await buildTicket(t.ctx);
    await t.ctx.db.update(tickets).set({ teamId: team.id }).where(eq(tickets.id, ticket.ticketId));
    const res = await send('DELETE', `/api/teams/${team.id}`, admin.headers);
    expect(res.status).toBe(409);
    expect(await t.ctx.db.$count(teams)).toBe(1);
  });

  it('admins and supervisors switch assign-on-reply per team; it starts on; the change is audited', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const sup = await buildTokenUser(t.ctx, ['supervisor']);
    const created = (await (await send('POST', '/api/teams', admin.headers, { name: 'Billing' })).json()).team;
    expect(created.assignOnReply).toBe(true);
    const off = await send('PATCH', `/api/teams/${created.id}`, admin.headers, { assignOnReply: false });
    expect(off.status).toBe(200);
    expect((await off.json()).team).toMatchObject({ assignOnReply: false, autoAssign: true });
    const on = await send('PATCH', `/api/teams/${created.id}`, sup.headers, { assignOnReply: true });
    expect((await on.json()).team.assignOnReply).toBe(true);
    const quiet = (await (await send('POST', '/api/teams', sup.headers, { name: 'Quiet', assignOnReply: false })).json()).team;
    expect(quiet.assignOnReply).toBe(false);
    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'team.updated')).orderBy(auditLog.id);
    expect(audit.map((a) => a.data)).toEqual([{ assignOnReply: { from: true, to: false } }, { assignOnReply: { from: false, to: true } }]);
  });

  it('refuses the switch to an agent (403) and a value that is not true or false (400, naming it)', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const team = await buildTeam(t.ctx, { memberIds: [agent.user.id] });
    const refused = await send('PATCH', `/api/teams/${team.id}`, agent.headers, { assignOnReply: false });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('FORBIDDEN');
    for (const assignOnReply of ['no', 0, null]) {
      const bad = await send('PATCH', `/api/teams/${team.id}`, admin.headers, { assignOnReply });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.details[0].path).toBe('assignOnReply');
    }
    expect((await t.ctx.db.select().from(teams).where(eq(teams.id, team.id)))[0]!.assignOnReply).toBe(true);
    expect(await t.ctx.db.$count(auditLog)).toBe(0);
  });

  it('lists teams with members to any signed-in user, and to nobody else', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const team = await buildTeam(t.ctx, { name: 'Tech', memberIds: [agent.user.id] });
    const res = await app.request('/api/teams', { headers: agent.headers });
    expect((await res.json()).teams).toMatchObject([{ id: team.id, name: 'Tech', members: [{ userId: agent.user.id }] }]);
    expect((await app.request('/api/teams')).status).toBe(401);
  });
});
