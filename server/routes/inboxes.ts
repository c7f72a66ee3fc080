import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { createInbox } from '../services/inboxes/create-inbox.ts';
import { deleteInbox } from '../services/inboxes/delete-inbox.ts';
import { createInboxInput, updateInboxInput } from '../services/inboxes/inbox-input.ts';
import { getInbox, listInboxes } from '../services/inboxes/list-inboxes.ts';
import { updateInbox } from '../services/inboxes/update-inbox.ts';
import { clientInfo } from './client-info.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { idParam, signedInSecurity } from './user-schemas.ts';

export const inboxView = z
  .object({
    id: z.string(),
    channel: z.string(),
    name: z.string(),
    teamId: z.string().nullable(),
    enabled: z.boolean(),
    settings: z.record(z.string(), z.unknown()),
    secretsSet: z.array(z.string()).openapi({ description: 'Names of the secrets that are set; their values are never returned' }),
    status: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: 'Connection state of the channel (e.g. IMAP connected/error)' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Inbox');

const params = z.object({ id: idParam('id') });
const one = json(z.object({ inbox: inboxView }), 'The inbox');

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['inboxes'],
  summary: 'Every inbox with its status (admin)',
  security: signedInSecurity,
  responses: { 200: json(z.object({ inboxes: z.array(inboxView) }), 'Inboxes'), ...errors },
});
const get = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['inboxes'],
  summary: 'One inbox (admin)',
  security: signedInSecurity,
  request: { params },
  responses: { 200: one, ...errors },
});
const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['inboxes'],
  summary: "Connect a mailbox, bot or widget (admin); settings are checked against the channel's schema, secrets are sealed",
  security: signedInSecurity,
  request: { body: { required: true, content: { 'application/json': { schema: createInboxInput } } } },
  responses: { 201: one, ...errors },
});
const update = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['inboxes'],
  summary: 'Change an inbox (admin): settings merge into the stored ones; a secret set to null is removed',
  security: signedInSecurity,
  request: { params, body: { required: true, content: { 'application/json': { schema: updateInboxInput } } } },
  responses: { 200: one, ...errors },
});
const remove = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['inboxes'],
  summary: 'Remove an inbox (admin); its tickets stay',
  security: signedInSecurity,
  request: { params },
  responses: { 204: { description: 'Removed' }, ...errors },
});

export const inboxRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => c.json({ inboxes: await listInboxes(ctx, requireActor(c)) }, 200))
    .openapi(get, async (c) => c.json({ inbox: await getInbox(ctx, requireActor(c), c.req.valid('param').id) }, 200))
    .openapi(create, async (c) => {
      const inbox = await createInbox(ctx, requireActor(c), c.req.valid('json'), { ip: clientInfo(c, ctx.config).ip });
      return c.json({ inbox }, 201);
    })
    .openapi(update, async (c) => {
      const inbox = await updateInbox(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json'), {
        ip: clientInfo(c, ctx.config).ip,
      });
      return c.json({ inbox }, 200);
    })
    .openapi(remove, async (c) => {
      await deleteInbox(ctx, requireActor(c), c.req.valid('param').id, { ip: clientInfo(c, ctx.config).ip });
      return c.body(null, 204);
    });
