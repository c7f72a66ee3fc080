import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import {
  listPushSubscriptions,
  subscribePush,
  subscribePushInput,
  unsubscribePush,
  unsubscribePushInput,
} from '../services/notifications/push-subscriptions.ts';
import { requireActor } from './middleware/require-actor.ts';
import { pushSubscriptionView } from './notification-schemas.ts';
import { createRouter, errors, json } from './router.ts';
import { security } from './ticket-schemas.ts';

const tags = ['notifications'];

const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'The VAPID public key to subscribe with, and your devices that get web push',
  security,
  responses: {
    200: json(z.object({ publicKey: z.string(), subscriptions: z.array(pushSubscriptionView) }), 'Key and subscriptions'),
    ...errors,
  },
});

const subscribe = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Store this browser’s push subscription (PushSubscription.toJSON()) for mentions and assignments',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: subscribePushInput } } } },
  responses: { 200: json(z.object({ subscription: pushSubscriptionView }), 'Stored'), ...errors },
});

const unsubscribe = createRoute({
  method: 'delete',
  path: '/',
  tags,
  summary: 'Stop web push to this browser (by its endpoint)',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: unsubscribePushInput } } } },
  responses: { 200: json(z.object({ removed: z.number().int() }), 'How many were removed'), ...errors },
});

export const pushSubscriptionRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => c.json(await listPushSubscriptions(ctx, requireActor(c)), 200))
    .openapi(subscribe, async (c) => c.json({ subscription: await subscribePush(ctx, requireActor(c), c.req.valid('json')) }, 200))
    .openapi(unsubscribe, async (c) => c.json(await unsubscribePush(ctx, requireActor(c), c.req.valid('json')), 200));
