import { createRoute, z } from '@hono/zod-openapi';
import { cors } from 'hono/cors';
import { listPublicCategories } from '../../knowledge-base/categories/list-categories.ts';
import { getPublicArticle } from '../../knowledge-base/public/public-article.ts';
import { listPublicArticles, listPublicInput } from '../../knowledge-base/public/list-public.ts';
import { publicSearch, publicSearchInput } from '../../knowledge-base/public/public-search.ts';
import { deflectionInput, recordDeflection } from '../../knowledge-base/usage/record-deflection.ts';
import type { ServiceContext } from '../context.ts';
import { clientInfo } from './client-info.ts';
import { categoryView, highlighted, kbIdParam, notFoundOrConflict, publicArticleView } from './kb-schemas.ts';
import { createRouter, errorBody, errors, json } from './router.ts';

const tags = ['help center'];
const publicHit = z
  .object({ id: z.string(), slug: z.string(), kind: z.string(), locale: z.string(), title: highlighted, snippet: highlighted })
  .openapi('PublicArticleHit');
const listItem = z.object({
  id: z.string(),
  slug: z.string(),
  kind: z.string(),
  locale: z.string(),
  title: z.string(),
  summary: z.string(),
  categoryId: z.string().nullable(),
  updatedAt: z.string(),
});
const idOrSlug = z.object({
  idOrSlug: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'idOrSlug', in: 'path' }, example: 'cannot-log-in-after-update' }),
});

const cats = createRoute({
  method: 'get',
  path: '/categories',
  tags,
  summary: 'Categories holding public articles',
  responses: { 200: json(z.object({ categories: z.array(categoryView) }), 'Tree') },
});
const list = createRoute({
  method: 'get',
  path: '/articles',
  tags,
  summary: 'Published public articles, newest first',
  request: { query: listPublicInput },
  responses: { 200: json(z.object({ articles: z.array(listItem) }), 'Articles'), ...errors },
});
const search = createRoute({
  method: 'get',
  path: '/search',
  tags,
  summary: 'Search published public articles (help center, widget)',
  request: { query: publicSearchInput },
  responses: { 200: json(z.object({ hits: z.array(publicHit), total: z.number() }), 'Hits'), ...errors, ...notFoundOrConflict },
});
const get = createRoute({
  method: 'get',
  path: '/articles/{idOrSlug}',
  tags,
  summary: 'One published public article; anything else is 404',
  request: { params: idOrSlug },
  responses: { 200: json(publicArticleView, 'Article'), ...errors },
});
const deflect = createRoute({
  method: 'post',
  path: '/articles/{id}/deflections',
  tags,
  summary: '"This solved it": a customer found the answer without writing in',
  request: {
    params: z.object({ id: kbIdParam('id') }),
    body: { required: true, content: { 'application/json': { schema: deflectionInput } } },
  },
  responses: {
    200: json(z.object({ articleId: z.string(), recorded: z.boolean() }), 'Recorded'),
    ...errors,
    429: json(errorBody, 'Too many from this address'),
  },
});

/**
 * /api/public/kb: no sign-in; only published public articles ever leave through here. Any site may call it
 * (the chat widget runs on customers' pages): without credentials, so a cookie never travels with it.
 */
export const kbPublicRoutes = (ctx: ServiceContext) => {
  const router = createRouter();
  router.use('*', cors({ origin: '*', allowMethods: ['GET', 'POST'], allowHeaders: ['Content-Type'], maxAge: 600 }));
  return router
    .openapi(cats, async (c) => c.json({ categories: await listPublicCategories(ctx) }, 200))
    .openapi(list, async (c) => c.json(await listPublicArticles(ctx, c.req.valid('query')), 200))
    .openapi(search, async (c) => c.json(await publicSearch(ctx, c.req.valid('query')), 200))
    .openapi(get, async (c) => c.json(await getPublicArticle(ctx, c.req.valid('param').idOrSlug), 200))
    .openapi(deflect, async (c) => {
      const { ip } = clientInfo(c, ctx.config);
      return c.json(await recordDeflection(ctx, c.req.valid('param').id, c.req.valid('json'), { ip }), 200);
    });
};
