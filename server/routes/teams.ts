import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { createTeam } from '../services/teams/create-team.ts';
import { deleteTeam } from '../services/teams/delete-team.ts';
import { listTeams } from '../services/teams/list-teams.ts';
import { loadTeam } from '../services/teams/load-teams.ts';
import { teamInput, teamPatchInput } from '../services/teams/team-input.ts';
import { updateTeam } from '../services/teams/update-team.ts';
import { clientInfo } from './client-info.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { teamView } from './team-schemas.ts';
import { conflictResponse, idParam, signedInSecurity } from './user-schemas.ts';

const security = signedInSecurity;
const params = z.object({ id: idParam('id') });
const one = json(z.object({ team: teamView }), 'The team with its members');

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['teams'],
  summary: 'All teams with their members',
  security,
  responses: { 200: json(z.object({ teams: z.array(teamView) }), 'Teams'), ...errors },
});
const get = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['teams'],
  summary: 'One team',
  security,
  request: { params },
  responses: { 200: one, ...errors },
});
const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['teams'],
  summary: 'Create a team (admin or supervisor); names are unique ignoring case',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: teamInput } } } },
  responses: { 201: one, ...errors, ...conflictResponse },
});
const update = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['teams'],
  summary: 'Rename a team or change its auto-assign, assign-on-reply and escalation team (admin or supervisor)',
  security,
  request: { params, body: { required: true, content: { 'application/json': { schema: teamPatchInput } } } },
  responses: { 200: one, ...errors, ...conflictResponse },
});
const remove = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['teams'],
  summary: 'Delete a team with no tickets left open (admin or supervisor)',
  security,
  request: { params },
  responses: { 204: { description: 'Deleted' }, ...errors, ...conflictResponse },
});

export const teamRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => c.json({ teams: await listTeams(ctx, requireActor(c)) }, 200))
    .openapi(get, async (c) => {
      requireActor(c);
      return c.json({ team: await loadTeam(ctx.db, c.req.valid('param').id) }, 200);
    })
    .openapi(create, async (c) => {
      const team = await createTeam(ctx, requireActor(c), c.req.valid('json'), { ip: clientInfo(c, ctx.config).ip });
      return c.json({ team }, 201);
    })
    .openapi(update, async (c) => {
      const origin = { ip: clientInfo(c, ctx.config).ip };
      const team = await updateTeam(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json'), origin);
      return c.json({ team }, 200);
    })
    .openapi(remove, async (c) => {
      await deleteTeam(ctx, requireActor(c), c.req.valid('param').id, { ip: clientInfo(c, ctx.config).ip });
      return c.body(null, 204);
    });
