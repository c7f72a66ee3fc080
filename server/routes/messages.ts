import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { retryDelivery } from '../services/messages/retry-delivery.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { conflict, messageView, security, uuidParam } from './ticket-schemas.ts';

const retry = createRoute({
  method: 'post',
  path: '/{id}/retry',
  tags: ['messages'],
  summary: 'Send a failed reply again (it goes back to queued)',
  security,
  request: { params: z.object({ id: uuidParam('id') }) },
  responses: { 200: json(z.object({ message: messageView }), 'Queued again'), ...errors, ...conflict },
});

export const messageRoutes = (ctx: ServiceContext) =>
  createRouter().openapi(retry, async (c) => c.json({ message: await retryDelivery(ctx, requireActor(c), c.req.valid('param').id) }, 200));
