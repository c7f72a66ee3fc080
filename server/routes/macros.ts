import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { applyMacro } from '../services/macros/apply-macro.ts';
import { createMacro } from '../services/macros/create-macro.ts';
import { deleteMacro } from '../services/macros/delete-macro.ts';
import { createMacroInput, macroTicketsInput, updateMacroInput } from '../services/macros/input.ts';
import { listMacros } from '../services/macros/list-macros.ts';
import { macroActionCatalog } from '../services/macros/macro-action-catalog.ts';
import { previewMacro } from '../services/macros/preview-macro.ts';
import { updateMacro } from '../services/macros/update-macro.ts';
import { clientInfo } from './client-info.ts';
import { requireActor } from './middleware/require-actor.ts';
import { macroActionCatalogView, macroApplyResult, macroParams as params, macroPreview, macroView } from './macro-schemas.ts';
import { createRouter, errors, json } from './router.ts';
import { security, tooLarge } from './ticket-schemas.ts';

const one = json(z.object({ macro: macroView }), 'The macro');

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['macros'],
  summary: 'Shared macros and your own, the most used first',
  security,
  responses: { 200: json(z.object({ macros: z.array(macroView) }), 'Macros'), ...errors },
});
const actions = createRoute({
  method: 'get',
  path: '/actions',
  tags: ['macros'],
  summary: 'The actions a macro may take, with their parameters (for the macro editor; agents may read it)',
  security,
  responses: { 200: json(macroActionCatalogView, 'Actions and the values their pickers offer'), ...errors },
});
const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['macros'],
  summary: 'Create a personal macro, or a shared one (supervisor or admin); audited',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: createMacroInput } } } },
  responses: { 201: one, ...errors },
});
const update = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['macros'],
  summary: 'Edit your own macro, or a shared one (supervisor or admin); audited',
  security,
  request: { params, body: { required: true, content: { 'application/json': { schema: updateMacroInput } } } },
  responses: { 200: one, ...errors },
});
const remove = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['macros'],
  summary: 'Delete your own macro, or a shared one (supervisor or admin); audited',
  security,
  request: { params },
  responses: { 204: { description: 'Deleted' }, ...errors },
});

const preview = createRoute({
  method: 'post',
  path: '/{id}/preview',
  tags: ['macros'],
  summary: 'What applying the macro would change on each ticket (replies with placeholders filled, tags, status); changes nothing',
  security,
  request: { params, body: { required: true, content: { 'application/json': { schema: macroTicketsInput } } } },
  responses: { 200: json(macroPreview, 'Per ticket: the changes, or why it would be refused'), ...errors },
});

const apply = createRoute({
  method: 'post',
  path: '/{id}/apply',
  tags: ['macros'],
  summary: 'Apply the macro to up to 500 tickets, each checked and reported on its own; each gets a history row “by macro”',
  security,
  request: { params, body: { required: true, content: { 'application/json': { schema: macroTicketsInput } } } },
  responses: { 200: json(macroApplyResult, 'What happened to each ticket: applied, or refused with the reason'), ...errors, ...tooLarge },
});

export const macroRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => c.json({ macros: await listMacros(ctx, requireActor(c)) }, 200))
    .openapi(actions, async (c) => c.json(await macroActionCatalog(ctx, requireActor(c)), 200))
    .openapi(create, async (c) => {
      const origin = { ip: clientInfo(c, ctx.config).ip };
      return c.json({ macro: await createMacro(ctx, requireActor(c), c.req.valid('json'), origin) }, 201);
    })
    .openapi(update, async (c) => {
      const origin = { ip: clientInfo(c, ctx.config).ip };
      return c.json({ macro: await updateMacro(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json'), origin) }, 200);
    })
    .openapi(preview, async (c) => c.json(await previewMacro(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(apply, async (c) => c.json(await applyMacro(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(remove, async (c) => {
      await deleteMacro(ctx, requireActor(c), c.req.valid('param').id, { ip: clientInfo(c, ctx.config).ip });
      return c.body(null, 204);
    });
