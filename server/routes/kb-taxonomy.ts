import { createRoute, z } from '@hono/zod-openapi';
import { listCategories } from '../../knowledge-base/categories/list-categories.ts';
import { categoryInput, categoryUpdate } from '../../knowledge-base/categories/schemas.ts';
import { createCategory, deleteCategory, updateCategory } from '../../knowledge-base/categories/write-category.ts';
import { createSynonym, deleteSynonym, listSynonyms, synonymInput, updateSynonym } from '../../knowledge-base/synonyms/synonyms.ts';
import type { ServiceContext } from '../context.ts';
import { requireActor } from './middleware/require-actor.ts';
import { categoryView, kbIdParam, notFoundOrConflict, security, synonymView } from './kb-schemas.ts';
import { createRouter, errors, json } from './router.ts';

const tags = ['knowledge base'];
const idParams = z.object({ id: kbIdParam('id') });
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const route = <M extends 'get' | 'post' | 'patch' | 'put' | 'delete', P extends string>(method: M, path: P, summary: string) => ({
  method,
  path,
  tags,
  security,
  summary,
});

const listCats = createRoute({
  ...route('get', '/categories', 'The category tree with article counts'),
  responses: { 200: json(z.object({ categories: z.array(categoryView) }), 'Tree'), ...errors },
});
const createCat = createRoute({
  ...route('post', '/categories', 'Add a category (editor)'),
  request: body(categoryInput),
  responses: { 201: json(categoryView, 'Created'), ...errors, ...notFoundOrConflict },
});
const updateCat = createRoute({
  ...route('patch', '/categories/{id}', 'Rename, move or reorder a category (editor)'),
  request: { params: idParams, ...body(categoryUpdate) },
  responses: { 200: json(categoryView, 'Saved'), ...errors, ...notFoundOrConflict },
});
const deleteCat = createRoute({
  ...route('delete', '/categories/{id}', 'Delete an empty category (editor)'),
  request: { params: idParams },
  responses: { 204: { description: 'Deleted' }, ...errors, ...notFoundOrConflict },
});
const listSyn = createRoute({
  ...route('get', '/synonyms', 'Synonym groups'),
  responses: { 200: json(z.object({ synonyms: z.array(synonymView) }), 'Groups'), ...errors },
});
const createSyn = createRoute({
  ...route('post', '/synonyms', 'Add a synonym group, e.g. ["log in", "sign in", "登录"] (editor)'),
  request: body(synonymInput),
  responses: { 201: json(synonymView, 'Created'), ...errors },
});
const updateSyn = createRoute({
  ...route('put', '/synonyms/{id}', 'Replace a synonym group (editor)'),
  request: { params: idParams, ...body(synonymInput) },
  responses: { 200: json(synonymView, 'Saved'), ...errors },
});
const deleteSyn = createRoute({
  ...route('delete', '/synonyms/{id}', 'Delete a synonym group (editor)'),
  request: { params: idParams },
  responses: { 204: { description: 'Deleted' }, ...errors },
});

export const kbTaxonomyRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(listCats, async (c) => c.json({ categories: await listCategories(ctx, requireActor(c)) }, 200))
    .openapi(createCat, async (c) => c.json({ ...(await createCategory(ctx, requireActor(c), c.req.valid('json'))), children: [] }, 201))
    .openapi(updateCat, async (c) =>
      c.json({ ...(await updateCategory(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json'))), children: [] }, 200),
    )
    .openapi(deleteCat, async (c) => {
      await deleteCategory(ctx, requireActor(c), c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(listSyn, async (c) => c.json({ synonyms: await listSynonyms(ctx, requireActor(c)) }, 200))
    .openapi(createSyn, async (c) => c.json(await createSynonym(ctx, requireActor(c), c.req.valid('json')), 201))
    .openapi(updateSyn, async (c) => c.json(await updateSynonym(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(deleteSyn, async (c) => {
      await deleteSynonym(ctx, requireActor(c), c.req.valid('param').id);
      return c.body(null, 204);
    });
