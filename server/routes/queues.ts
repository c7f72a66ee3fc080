import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { getQueue, listQueues } from '../services/routing/list-queues.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { queueStatsView, waitingTicketView } from './routing-schemas.ts';
import { idParam, signedInSecurity as security } from './user-schemas.ts';

const tags = ['routing'];

const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Each team’s queue: waiting count, oldest wait, members’ load (agents see their own teams)',
  security,
  responses: { 200: json(z.object({ queues: z.array(queueStatsView) }), 'Queues'), ...errors },
});
const one = createRoute({
  method: 'get',
  path: '/{teamId}',
  tags,
  summary: 'One team’s waiting tickets in the order they will be served (priority, then waiting time)',
  security,
  request: {
    params: z.object({ teamId: idParam('teamId') }),
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
  },
  responses: { 200: json(z.object({ stats: queueStatsView, waiting: z.array(waitingTicketView) }), 'The queue'), ...errors },
});

export const queueRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => c.json({ queues: await listQueues(ctx, requireActor(c)) }, 200))
    .openapi(one, async (c) => c.json(await getQueue(ctx, requireActor(c), c.req.valid('param').teamId, c.req.valid('query').limit), 200));
