import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { createSavedView } from '../services/saved-views/create-saved-view.ts';
import { deleteSavedView } from '../services/saved-views/delete-saved-view.ts';
import { listSavedViews } from '../services/saved-views/list-saved-views.ts';
import { reorderSavedViews } from '../services/saved-views/reorder-saved-views.ts';
import { updateSavedView } from '../services/saved-views/update-saved-view.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errorBody, errors, json } from './router.ts';
import { security, uuidParam } from './ticket-schemas.ts';

// The filters are checked by the service against the ticket list's own schema (GET /tickets), naming any bad field.
const filters = z
  .record(z.string(), z.unknown())
  .openapi({ description: 'The ticket list’s query as JSON: view, status[], channel[], priority[], tag, assigneeId, teamId, q, sort…' });

const savedView = z
  .object({
    id: z.string(),
    name: z.string(),
    shared: z.boolean().openapi({ description: 'Everyone’s (managed by supervisors and admins), else the caller’s own' }),
    filters,
    position: z.number().int(),
    count: z.number().int().nullable().openapi({ description: 'Tickets the caller may see that the view lists now' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('SavedView');

const params = z.object({ id: uuidParam('id') });
const one = json(z.object({ view: savedView }), 'The saved view');
const many = json(z.object({ views: z.array(savedView) }), 'Shared views, then your own, in order, with live counts');
const conflict = { 409: json(errorBody, 'Too many views') } as const;
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['saved-views'],
  summary: 'Saved views in the sidebar',
  security,
  responses: { 200: many, ...errors },
});
const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['saved-views'],
  summary: 'Save filters as a view: your own, or shared with everyone (supervisor or admin)',
  security,
  request: body(z.object({ name: z.string(), filters, shared: z.boolean().optional() })),
  responses: { 201: one, ...errors, ...conflict },
});
const update = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['saved-views'],
  summary: 'Rename a view or replace its filters (shared views: supervisor or admin)',
  security,
  request: { params, ...body(z.object({ name: z.string().optional(), filters: filters.optional() })) },
  responses: { 200: one, ...errors },
});
const remove = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['saved-views'],
  summary: 'Delete a view (shared views: supervisor or admin)',
  security,
  request: { params },
  responses: { 204: { description: 'Deleted' }, ...errors },
});
const reorder = createRoute({
  method: 'put',
  path: '/order',
  tags: ['saved-views'],
  summary: 'Put views in this order',
  security,
  request: body(z.object({ ids: z.array(z.string()) })),
  responses: { 200: many, ...errors },
});

export const savedViewRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => c.json({ views: await listSavedViews(ctx, requireActor(c)) }, 200))
    .openapi(create, async (c) => c.json({ view: await createSavedView(ctx, requireActor(c), c.req.valid('json') as never) }, 201))
    .openapi(reorder, async (c) => c.json({ views: await reorderSavedViews(ctx, requireActor(c), c.req.valid('json')) }, 200))
    .openapi(update, async (c) =>
      c.json({ view: await updateSavedView(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json') as never) }, 200),
    )
    .openapi(remove, async (c) => {
      await deleteSavedView(ctx, requireActor(c), c.req.valid('param').id);
      return c.body(null, 204);
    });
