import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { customFieldEntities, customFieldTypes } from '../db/schema/index.ts';
import { setFieldArchived } from '../services/custom-fields/archive-field.ts';
import { createField } from '../services/custom-fields/create-field.ts';
import { createFieldInput, reorderFieldsInput, updateFieldInput } from '../services/custom-fields/field-input.ts';
import { listFields } from '../services/custom-fields/list-fields.ts';
import { reorderFields } from '../services/custom-fields/reorder-fields.ts';
import { updateField } from '../services/custom-fields/update-field.ts';
import { clientInfo } from './client-info.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { conflictResponse, idParam, signedInSecurity as security } from './user-schemas.ts';

const tags = ['custom-fields'];
const labels = z.object({ en: z.string(), 'zh-CN': z.string().optional() });

export const customFieldView = z
  .object({
    id: z.string(),
    entity: z.enum(customFieldEntities),
    key: z.string().openapi({ description: 'The key values are stored under (tickets.customFields / customers.customFields)' }),
    type: z.enum(customFieldTypes),
    labels,
    help: z.object({ en: z.string().optional(), 'zh-CN': z.string().optional() }),
    options: z.array(z.object({ value: z.string(), labels })),
    requiredToResolve: z.boolean(),
    customerVisible: z.boolean(),
    agentEditable: z.boolean().openapi({ description: 'false: read-only for agents (admins, API tokens, ingest and rules set it)' }),
    position: z.number().int(),
    archivedAt: z.string().nullable().openapi({ description: 'Set while archived: hidden, values kept, restorable' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('CustomField');

const params = z.object({ id: idParam('id') });
const one = json(z.object({ field: customFieldView }), 'The field');
const many = json(z.object({ fields: z.array(customFieldView) }), 'Fields in their order');
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });

const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Field definitions (every signed-in user): ticket and customer fields in their order; archived ones with archived=true',
  security,
  request: {
    query: z.object({
      entity: z.enum(customFieldEntities).optional(),
      archived: z.enum(['true', 'false']).optional().openapi({ description: 'true: include archived fields' }),
    }),
  },
  responses: { 200: many, ...errors },
});
const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Define a field (admin): key unique per entity; select and multi-select need options',
  security,
  request: body(createFieldInput),
  responses: { 201: one, ...errors, ...conflictResponse },
});
const update = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Change a field (admin). A new type or options converts stored values, or refuses (400) naming values that do not convert',
  security,
  request: { params, ...body(updateFieldInput) },
  responses: { 200: one, ...errors },
});
const archive = createRoute({
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Delete (archive) a field (admin): hidden from panels and filters, values kept',
  security,
  request: { params },
  responses: { 200: one, ...errors },
});
const restore = createRoute({
  method: 'post',
  path: '/{id}/restore',
  tags,
  summary: 'Restore an archived field (admin)',
  security,
  request: { params },
  responses: { 200: one, ...errors },
});
const reorder = createRoute({
  method: 'put',
  path: '/order',
  tags,
  summary: 'Set the order of an entity’s fields (admin): ids first to last',
  security,
  request: body(reorderFieldsInput),
  responses: { 200: many, ...errors },
});

export const customFieldRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      return c.json({ fields: await listFields(ctx, requireActor(c), { entity: q.entity, archived: q.archived === 'true' }) }, 200);
    })
    .openapi(create, async (c) =>
      c.json({ field: await createField(ctx, requireActor(c), c.req.valid('json'), clientInfo(c, ctx.config)) }, 201),
    )
    .openapi(reorder, async (c) =>
      c.json({ fields: await reorderFields(ctx, requireActor(c), c.req.valid('json'), clientInfo(c, ctx.config)) }, 200),
    )
    .openapi(update, async (c) => {
      const field = await updateField(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json'), clientInfo(c, ctx.config));
      return c.json({ field }, 200);
    })
    .openapi(archive, async (c) =>
      c.json({ field: await setFieldArchived(ctx, requireActor(c), c.req.valid('param').id, true, clientInfo(c, ctx.config)) }, 200),
    )
    .openapi(restore, async (c) =>
      c.json({ field: await setFieldArchived(ctx, requireActor(c), c.req.valid('param').id, false, clientInfo(c, ctx.config)) }, 200),
    );
