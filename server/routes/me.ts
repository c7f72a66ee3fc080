import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { getUser } from '../services/users/get-user.ts';
import { updateProfile, updateProfileInput } from '../services/users/update-profile.ts';
import { clientInfo } from './client-info.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { rateLimitedResponse, signedInSecurity, userView } from './user-schemas.ts';

const me = z.object({ user: userView }).openapi('Me');

const getMe = createRoute({
  method: 'get',
  path: '/',
  tags: ['auth'],
  summary: 'The signed-in user',
  security: signedInSecurity,
  responses: { 200: json(me, 'The signed-in user'), ...errors },
});

const patchMe = createRoute({
  method: 'patch',
  path: '/',
  tags: ['auth'],
  summary: 'Change your own name, locale, time zone or password (a new password needs currentPassword)',
  security: signedInSecurity,
  request: { body: { required: true, content: { 'application/json': { schema: updateProfileInput } } } },
  responses: { 200: json(me, 'Updated'), ...errors, ...rateLimitedResponse },
});

export const meRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(getMe, async (c) => {
      const actor = requireActor(c);
      if (actor.type !== 'user') throw notFound('User');
      return c.json({ user: await getUser(ctx, actor.id) }, 200);
    })
    .openapi(patchMe, async (c) => {
      const user = await updateProfile(ctx, requireActor(c), c.req.valid('json'), {
        sessionId: c.get('sessionId'),
        ip: clientInfo(c, ctx.config).ip,
      });
      return c.json({ user }, 200);
    });
