import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { listFollowers, setFollowing } from '../services/notifications/follow.ts';
import { requireActor } from './middleware/require-actor.ts';
import { followersView } from './notification-schemas.ts';
import { createRouter, errors, json } from './router.ts';
import { security, uuidParam } from './ticket-schemas.ts';

const params = z.object({ id: uuidParam('id') });
const result = json(followersView, 'Whether you follow the ticket, and who does');
const route = (method: 'get' | 'put' | 'delete', summary: string) =>
  createRoute({
    method,
    path: '/{id}/followers/me',
    tags: ['tickets'],
    summary,
    security,
    request: { params },
    responses: { 200: result, ...errors },
  });

const get = route('get', 'Who follows the ticket, and whether you do');
const follow = route('put', 'Follow the ticket: its new customer messages and status changes notify you');
const unfollow = route('delete', 'Stop following the ticket');

export const ticketFollowerRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(get, async (c) => c.json(await listFollowers(ctx, requireActor(c), c.req.valid('param').id), 200))
    .openapi(follow, async (c) => c.json(await setFollowing(ctx, requireActor(c), c.req.valid('param').id, true), 200))
    .openapi(unfollow, async (c) => c.json(await setFollowing(ctx, requireActor(c), c.req.valid('param').id, false), 200));
