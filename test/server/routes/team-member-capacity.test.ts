import { describe, expect, it } from 'vitest';
import { teamMembers } from '../../../server/db/schema/index.ts';
import { buildTeam, buildUser } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld();

const put = (path: string, headers: Record<string, string>, body: unknown) =>
  app.request(path, { method: 'PUT', headers, body: JSON.stringify(body) });

describe('per-channel capacity of a team member', () => {
  it('is set, shown and replaced with the member (PUT semantics)', async () => {
    const supervisor = await buildTokenUser(t.ctx, ['supervisor']);
    const agent = await buildUser(t.ctx, { roles: ['agent'], name: 'Ana' });
    const team = await buildTeam(t.ctx, { name: 'Chat' });
    const path = `/api/teams/${team.id}/members/${agent.id}`;
    const res = await put(path, supervisor.headers, { skills: [], capacity: 8, capacityByChannel: { widget: 2, email: 6 } });
    expect(res.status).toBe(200);
    expect((await res.json()).team.members[0]).toMatchObject({ capacity: 8, capacityByChannel: { widget: 2, email: 6 } });
    const list = await app.request('/api/teams', { headers: supervisor.headers });
    expect((await list.json()).teams[0].members[0].capacityByChannel).toEqual({ widget: 2, email: 6 });

    await put(path, supervisor.headers, { skills: [], capacity: 8 });
    expect(await t.ctx.db.select({ c: teamMembers.capacityByChannel }).from(teamMembers)).toEqual([{ c: {} }]);
  });

  it.each([
    [{ fax: 2 }, 'capacityByChannel.fax'],
    [{ widget: 0 }, 'capacityByChannel.widget'],
    [{ widget: 1.5 }, 'capacityByChannel.widget'],
  ])('refuses %j naming the field', async (capacityByChannel, field) => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const agent = await buildUser(t.ctx, { roles: ['agent'] });
    const team = await buildTeam(t.ctx);
    const res = await put(`/api/teams/${team.id}/members/${agent.id}`, admin.headers, { skills: [], capacity: 3, capacityByChannel });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0].path).toBe(field);
    expect(await t.ctx.db.$count(teamMembers)).toBe(0);
  });

  it('is refused to an agent', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const team = await buildTeam(t.ctx);
    const res = await put(`/api/teams/${team.id}/members/${agent.user.id}`, agent.headers, {
      skills: [],
      capacity: 3,
      capacityByChannel: { widget: 1 },
    });
    expect(res.status).toBe(403);
    expect(await t.ctx.db.$count(teamMembers)).toBe(0);
  });
});
