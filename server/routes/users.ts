import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { roles } from '../db/schema/index.ts';
import { createUser, createUserInput } from '../services/users/create-user.ts';
import { listUsers } from '../services/users/list-users.ts';
import { updateUser, updateUserInput } from '../services/users/update-user.ts';
import { clientInfo } from './client-info.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { colleagueView, conflictResponse, idParam, signedInSecurity, userView } from './user-schemas.ts';

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['users'],
  summary: 'Colleagues (admins also see emails, settings and, with includeInactive=true, deactivated users)',
  security: signedInSecurity,
  request: {
    query: z.strictObject({
      role: z.enum(roles).optional(),
      includeInactive: z.enum(['true', 'false']).optional(),
    }),
  },
  responses: { 200: json(z.object({ users: z.array(z.union([userView, colleagueView])) }), 'Users'), ...errors },
});

const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['users'],
  summary: 'Add a user (admin)',
  security: signedInSecurity,
  request: { body: { required: true, content: { 'application/json': { schema: createUserInput } } } },
  responses: { 201: json(z.object({ user: userView }), 'Created'), ...errors, ...conflictResponse },
});

const update = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['users'],
  summary: 'Rename, change roles, deactivate/reactivate or reset the password of a user (admin)',
  security: signedInSecurity,
  request: {
    params: z.object({ id: idParam('id') }),
    body: { required: true, content: { 'application/json': { schema: updateUserInput } } },
  },
  responses: { 200: json(z.object({ user: userView }), 'Updated'), ...errors, ...conflictResponse },
});

export const userRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      const users = await listUsers(ctx, requireActor(c), { role: q.role, includeInactive: q.includeInactive === 'true' });
      return c.json({ users }, 200);
    })
    .openapi(create, async (c) => {
      const user = await createUser(ctx, requireActor(c), c.req.valid('json'), { ip: clientInfo(c, ctx.config).ip });
      return c.json({ user }, 201);
    })
    .openapi(update, async (c) => {
      const origin = { ip: clientInfo(c, ctx.config).ip };
      const user = await updateUser(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json'), origin);
      return c.json({ user }, 200);
    });
