import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { cannedScopes } from '../db/schema/index.ts';
import { createCannedResponse } from '../services/canned-responses/create-canned-response.ts';
import { deleteCannedResponse } from '../services/canned-responses/delete-canned-response.ts';
import { createCannedInput, updateCannedInput } from '../services/canned-responses/input.ts';
import { listCannedResponses } from '../services/canned-responses/list-canned-responses.ts';
import { renderCannedResponse } from '../services/canned-responses/render-canned-response.ts';
import { updateCannedResponse } from '../services/canned-responses/update-canned-response.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errorBody, errors, json } from './router.ts';

const cannedView = z
  .object({
    id: z.string(),
    scope: z.enum(cannedScopes),
    ownerId: z.string().nullable(),
    createdById: z.string().nullable(),
    shortcut: z.string(),
    title: z.string(),
    body: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('CannedResponse');

const security: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }];
const params = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });
const one = json(z.object({ cannedResponse: cannedView }), 'The canned response');
const conflict = { 409: json(errorBody, 'The shortcut is already used') } as const;

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['canned-responses'],
  summary: 'Shared canned responses and your own; q filters by shortcut, title or text',
  security,
  request: { query: z.strictObject({ q: z.string().max(100).optional() }) },
  responses: { 200: json(z.object({ cannedResponses: z.array(cannedView) }), 'Canned responses'), ...errors },
});
const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['canned-responses'],
  summary: 'Create a personal response, or a shared one (supervisor or admin). Placeholders: {{customer.name}} …',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: createCannedInput } } } },
  responses: { 201: one, ...errors, ...conflict },
});
const update = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['canned-responses'],
  summary: 'Edit your own response, or a shared one (supervisor or admin)',
  security,
  request: { params, body: { required: true, content: { 'application/json': { schema: updateCannedInput } } } },
  responses: { 200: one, ...errors, ...conflict },
});
const remove = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['canned-responses'],
  summary: 'Delete your own response, or a shared one (supervisor or admin)',
  security,
  request: { params },
  responses: { 204: { description: 'Deleted' }, ...errors },
});
const render = createRoute({
  method: 'post',
  path: '/{id}/render',
  tags: ['canned-responses'],
  summary: 'The response text with placeholders filled for a ticket',
  security,
  request: { params, body: { required: true, content: { 'application/json': { schema: z.strictObject({ ticketId: z.string() }) } } } },
  responses: { 200: json(z.object({ id: z.string(), text: z.string() }), 'Rendered text'), ...errors },
});

export const cannedResponseRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => c.json({ cannedResponses: await listCannedResponses(ctx, requireActor(c), c.req.valid('query')) }, 200))
    .openapi(create, async (c) => c.json({ cannedResponse: await createCannedResponse(ctx, requireActor(c), c.req.valid('json')) }, 201))
    .openapi(update, async (c) =>
      c.json({ cannedResponse: await updateCannedResponse(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json')) }, 200),
    )
    .openapi(remove, async (c) => {
      await deleteCannedResponse(ctx, requireActor(c), c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(render, async (c) =>
      c.json(await renderCannedResponse(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json').ticketId), 200),
    );
