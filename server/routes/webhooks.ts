import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { processEventNames } from '../services/process-events/event-names.ts';
import { listDeliveries, redeliver, sendPing } from '../services/webhooks/deliveries.ts';
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  rotateSecret,
  updateSubscription,
} from '../services/webhooks/manage-subscriptions.ts';
import { clientInfo } from './client-info.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errorBody, errors, json } from './router.ts';
import { idParam, signedInSecurity as security } from './user-schemas.ts';
import { webhookCreateBody, webhookDeliveryView, webhookUpdateBody, webhookView, webhookWithSecret } from './webhook-schemas.ts';

const tags = ['webhooks'];
const params = z.object({ id: idParam('id') });
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const one = json(z.object({ webhook: webhookView }), 'The webhook');
const admin = ' (admin)';

const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: `Webhook subscriptions, newest first, and the events one can subscribe to${admin}`,
  security,
  responses: { 200: json(z.object({ webhooks: z.array(webhookView), events: z.array(z.string()) }), 'Webhooks'), ...errors },
});
const get = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: `One webhook${admin}`,
  security,
  request: { params },
  responses: { 200: one, ...errors },
});
const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: `Subscribe a URL to events; the answer holds the signing secret, shown this once${admin}`,
  security,
  request: body(webhookCreateBody),
  responses: { 201: json(webhookWithSecret, 'Created, with its secret'), ...errors },
});
const update = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: `Change name, URL, events, or switch it on or off (on again clears the failure count)${admin}`,
  security,
  request: { params, ...body(webhookUpdateBody) },
  responses: { 200: one, ...errors },
});
const remove = createRoute({
  method: 'delete',
  path: '/{id}',
  tags,
  summary: `Delete a webhook with its delivery log${admin}`,
  security,
  request: { params },
  responses: { 204: { description: 'Deleted' }, ...errors },
});
const rotate = createRoute({
  method: 'post',
  path: '/{id}/rotate-secret',
  tags,
  summary: `A new signing secret, shown this once; the old one stops at once${admin}`,
  security,
  request: { params },
  responses: { 200: json(webhookWithSecret, 'The new secret'), ...errors },
});
const ping = createRoute({
  method: 'post',
  path: '/{id}/ping',
  tags,
  summary: `Send a signed 'ping' event now and answer with the receiver's response (not retried)${admin}`,
  security,
  request: { params },
  responses: { 200: json(z.object({ delivery: webhookDeliveryView }), 'The ping delivery'), ...errors },
});
const deliveries = createRoute({
  method: 'get',
  path: '/{id}/deliveries',
  tags,
  summary: `Delivery log, newest first, each with its attempts (status code, response time, error)${admin}`,
  security,
  request: {
    params,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).optional(),
      before: z.string().optional().openapi({ description: 'nextCursor of the previous page' }),
    }),
  },
  responses: { 200: json(z.object({ deliveries: z.array(webhookDeliveryView), nextCursor: z.string().nullable() }), 'A page'), ...errors },
});
const resend = createRoute({
  method: 'post',
  path: '/deliveries/{id}/redeliver',
  tags,
  summary: `Send one delivery again now, whatever its status; answers with the outcome${admin}`,
  security,
  request: { params },
  responses: {
    200: json(z.object({ delivery: webhookDeliveryView }), 'The delivery after the attempt'),
    ...errors,
    409: json(errorBody, 'Being sent by a worker right now'),
  },
});

export const webhookRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => c.json({ webhooks: await listSubscriptions(ctx, requireActor(c)), events: [...processEventNames] }, 200))
    .openapi(resend, async (c) =>
      c.json({ delivery: await redeliver(ctx, requireActor(c), c.req.valid('param').id, clientInfo(c, ctx.config)) }, 200),
    )
    .openapi(get, async (c) => c.json({ webhook: await getSubscription(ctx, requireActor(c), c.req.valid('param').id) }, 200))
    .openapi(create, async (c) => {
      const { subscription, secret } = await createSubscription(ctx, requireActor(c), c.req.valid('json'), clientInfo(c, ctx.config));
      return c.json({ webhook: subscription, secret }, 201);
    })
    .openapi(update, async (c) => {
      const webhook = await updateSubscription(
        ctx,
        requireActor(c),
        c.req.valid('param').id,
        c.req.valid('json'),
        clientInfo(c, ctx.config),
      );
      return c.json({ webhook }, 200);
    })
    .openapi(remove, async (c) => {
      await deleteSubscription(ctx, requireActor(c), c.req.valid('param').id, clientInfo(c, ctx.config));
      return c.body(null, 204);
    })
    .openapi(rotate, async (c) => {
      const { subscription, secret } = await rotateSecret(ctx, requireActor(c), c.req.valid('param').id, clientInfo(c, ctx.config));
      return c.json({ webhook: subscription, secret }, 200);
    })
    .openapi(ping, async (c) =>
      c.json({ delivery: await sendPing(ctx, requireActor(c), c.req.valid('param').id, clientInfo(c, ctx.config)) }, 200),
    )
    .openapi(deliveries, async (c) => {
      const q = c.req.valid('query');
      return c.json(await listDeliveries(ctx, requireActor(c), c.req.valid('param').id, q), 200);
    });
