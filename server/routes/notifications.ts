import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { countUnread, listNotifications, listNotificationsInput } from '../services/notifications/list-notifications.ts';
import { markAllRead, markRead } from '../services/notifications/mark-read.ts';
import { requireActor } from './middleware/require-actor.ts';
import { notificationView } from './notification-schemas.ts';
import { createRouter, errors, json } from './router.ts';
import { security } from './ticket-schemas.ts';

const tags = ['notifications'];

const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Your notifications, newest first, a page at a time (before: the last id of the previous page)',
  security,
  request: { query: listNotificationsInput },
  responses: {
    200: json(z.object({ items: z.array(notificationView), nextBefore: z.string().nullable(), unread: z.number().int() }), 'A page'),
    ...errors,
  },
});

const unread = createRoute({
  method: 'get',
  path: '/unread-count',
  tags,
  summary: 'How many of your notifications are unread (the bell)',
  security,
  responses: { 200: json(z.object({ unread: z.number().int() }), 'The count'), ...errors },
});

const readOne = createRoute({
  method: 'post',
  path: '/{id}/read',
  tags,
  summary: 'Mark one of your notifications read',
  security,
  request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: { 200: json(z.object({ readAt: z.string() }), 'When it was read'), ...errors },
});

const readAll = createRoute({
  method: 'post',
  path: '/read-all',
  tags,
  summary: 'Mark all your notifications read (or only one ticket’s)',
  security,
  request: { body: { required: false, content: { 'application/json': { schema: z.strictObject({ ticketId: z.uuid().optional() }) } } } },
  responses: { 200: json(z.object({ marked: z.number().int() }), 'How many were marked'), ...errors },
});

export const notificationRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => c.json(await listNotifications(ctx, requireActor(c), c.req.valid('query')), 200))
    .openapi(unread, async (c) => c.json({ unread: await countUnread(ctx, requireActor(c)) }, 200))
    .openapi(readAll, async (c) => c.json(await markAllRead(ctx, requireActor(c), c.req.valid('json') ?? {}), 200))
    .openapi(readOne, async (c) => c.json(await markRead(ctx, requireActor(c), c.req.valid('param').id), 200));
