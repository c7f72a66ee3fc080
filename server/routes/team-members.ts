import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { removeTeamMember } from '../services/teams/remove-team-member.ts';
import { setTeamMember } from '../services/teams/set-team-member.ts';
import { memberInput } from '../services/teams/team-input.ts';
import { clientInfo } from './client-info.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { teamView } from './team-schemas.ts';
import { idParam, signedInSecurity } from './user-schemas.ts';

const params = z.object({ id: idParam('id'), userId: idParam('userId') });

const put = createRoute({
  method: 'put',
  path: '/{id}/members/{userId}',
  tags: ['teams'],
  summary: 'Add a user to a team or set their skills and capacity (1..100 concurrent conversations, optionally per channel)',
  security: signedInSecurity,
  request: { params, body: { required: true, content: { 'application/json': { schema: memberInput } } } },
  responses: { 200: json(z.object({ team: teamView }), 'The team with its members'), ...errors },
});

const remove = createRoute({
  method: 'delete',
  path: '/{id}/members/{userId}',
  tags: ['teams'],
  summary: 'Remove a user from a team',
  security: signedInSecurity,
  request: { params },
  responses: { 204: { description: 'Removed' }, ...errors },
});

export const teamMemberRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(put, async (c) => {
      const { id, userId } = c.req.valid('param');
      const team = await setTeamMember(ctx, requireActor(c), id, userId, c.req.valid('json'), { ip: clientInfo(c, ctx.config).ip });
      return c.json({ team }, 200);
    })
    .openapi(remove, async (c) => {
      const { id, userId } = c.req.valid('param');
      await removeTeamMember(ctx, requireActor(c), id, userId, { ip: clientInfo(c, ctx.config).ip });
      return c.body(null, 204);
    });
