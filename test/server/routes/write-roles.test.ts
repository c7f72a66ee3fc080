import { describe, expect, it } from 'vitest';
import type { Role } from '../../../server/db/schema/index.ts';
import { auditLog, teamMembers, teams, users } from '../../../server/db/schema/index.ts';
import { buildTeam, buildUser } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld();

/** Every admin/manager write, with the roles that must be refused. Bodies are valid, so only the role decides. */
const writes: Array<{ name: string; refused: Role[]; call: (ids: { team: string; user: string }) => [string, string, unknown?] }> = [
  {
    name: 'create user',
    refused: ['agent', 'supervisor', 'editor'],
    call: () => ['POST', '/api/users', { email: 'new@example.com', name: 'N', roles: ['agent'], password: 'long enough password' }],
  },
  {
    name: 'update user',
    refused: ['agent', 'supervisor', 'editor'],
    call: (ids) => ['PATCH', `/api/users/${ids.user}`, { roles: ['admin'] }],
  },
  { name: 'create team', refused: ['agent', 'editor'], call: () => ['POST', '/api/teams', { name: 'New team' }] },
  { name: 'update team', refused: ['agent', 'editor'], call: (ids) => ['PATCH', `/api/teams/${ids.team}`, { name: 'Renamed' }] },
  { name: 'delete team', refused: ['agent', 'editor'], call: (ids) => ['DELETE', `/api/teams/${ids.team}`] },
  {
    name: 'set team member',
    refused: ['agent', 'editor'],
    call: (ids) => ['PUT', `/api/teams/${ids.team}/members/${ids.user}`, { skills: [], capacity: 50 }],
  },
  { name: 'remove team member', refused: ['agent', 'editor'], call: (ids) => ['DELETE', `/api/teams/${ids.team}/members/${ids.user}`] },
];

describe.each(writes)('$name', ({ refused, call }) => {
  it.each(refused)('is refused for %s with 403 and changes nothing', async (role) => {
    const caller = await buildTokenUser(t.ctx, [role]);
    const member = await buildUser(t.ctx, { roles: ['agent'] });
    const team = await buildTeam(t.ctx, { name: 'Tech', memberIds: [member.id] });
    const before = await snapshot();
    const [method, path, body] = call({ team: team.id, user: member.id });
    const res = await app.request(path, { method, headers: caller.headers, body: body === undefined ? undefined : JSON.stringify(body) });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('FORBIDDEN');
    expect(await snapshot()).toEqual(before);
  });
});

async function snapshot() {
  return {
    users: await t.ctx.db.select({ id: users.id, roles: users.roles, name: users.name }).from(users).orderBy(users.id),
    teams: await t.ctx.db.select({ id: teams.id, name: teams.name }).from(teams),
    members: await t.ctx.db.select({ t: teamMembers.teamId, u: teamMembers.userId, c: teamMembers.capacity }).from(teamMembers),
    audit: await t.ctx.db.$count(auditLog),
  };
}
