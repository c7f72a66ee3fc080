import { createRoute, z } from '@hono/zod-openapi';
import { createArticle } from '../../knowledge-base/articles/create-article.ts';
import { deleteArticle } from '../../knowledge-base/articles/delete-article.ts';
import { getArticle } from '../../knowledge-base/articles/get-article.ts';
import { previewInput, previewMarkdown } from '../../knowledge-base/articles/preview.ts';
import { listArticles, listArticlesInput } from '../../knowledge-base/articles/list-articles.ts';
import { createArticleInput, statusInput, updateArticleInput } from '../../knowledge-base/articles/schemas.ts';
import { searchArticles, searchArticlesInput } from '../../knowledge-base/articles/search-articles.ts';
import { setArticleStatus } from '../../knowledge-base/articles/set-article-status.ts';
import { updateArticle } from '../../knowledge-base/articles/update-article.ts';
import { articleStats } from '../../knowledge-base/usage/article-stats.ts';
import type { ServiceContext } from '../context.ts';
import { requireActor } from './middleware/require-actor.ts';
import { articleHit, articleStatsView, articleView, kbIdParam, notFoundOrConflict, security } from './kb-schemas.ts';
import { createRouter, errors, json } from './router.ts';

const tags = ['knowledge base'];
const idParams = z.object({ id: kbIdParam('id') });
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });

const list = createRoute({
  method: 'get',
  path: '/articles',
  tags,
  security,
  summary: 'Articles for the editor list (agents: published only)',
  request: { query: listArticlesInput },
  responses: {
    200: json(z.object({ articles: z.array(articleView), total: z.number(), limit: z.number(), offset: z.number() }), 'Articles'),
    ...errors,
  },
});
const search = createRoute({
  method: 'get',
  path: '/search',
  tags,
  security,
  summary: 'Ranked search with highlights (agents: published only)',
  request: { query: searchArticlesInput },
  responses: { 200: json(z.object({ hits: z.array(articleHit), total: z.number() }), 'Hits'), ...errors, ...notFoundOrConflict },
});
const create = createRoute({
  method: 'post',
  path: '/articles',
  tags,
  security,
  summary: 'Write an article (editor); revision 1',
  request: body(createArticleInput),
  responses: { 201: json(articleView, 'Created'), ...errors },
});
const get = createRoute({
  method: 'get',
  path: '/articles/{id}',
  tags,
  security,
  summary: 'One article',
  request: { params: idParams },
  responses: { 200: json(articleView, 'Article'), ...errors },
});
const update = createRoute({
  method: 'patch',
  path: '/articles/{id}',
  tags,
  security,
  summary: 'Edit an article (editor); saves the next revision; 409 when expectedVersion is stale',
  request: { params: idParams, ...body(updateArticleInput) },
  responses: { 200: json(articleView, 'Saved'), ...errors, ...notFoundOrConflict },
});
const status = createRoute({
  method: 'post',
  path: '/articles/{id}/status',
  tags,
  security,
  summary: 'Publish, archive or return to draft (editor)',
  request: { params: idParams, ...body(statusInput) },
  responses: { 200: json(articleView, 'Status set'), ...errors },
});
const remove = createRoute({
  method: 'delete',
  path: '/articles/{id}',
  tags,
  security,
  summary: 'Delete an article with its history (editor)',
  request: { params: idParams },
  responses: { 204: { description: 'Deleted' }, ...errors },
});
const stats = createRoute({
  method: 'get',
  path: '/articles/{id}/stats',
  tags,
  security,
  summary: 'Suggested / inserted / solved / deflected counts, daily series, tickets solved',
  request: { params: idParams },
  responses: { 200: json(articleStatsView, 'Stats'), ...errors },
});
const preview = createRoute({
  method: 'post',
  path: '/preview',
  tags,
  security,
  summary: 'Markdown rendered and sanitised exactly as the help center shows it (editor)',
  request: body(previewInput),
  responses: { 200: json(z.object({ html: z.string() }), 'Rendered'), ...errors },
});

export const kbArticleRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => c.json(await listArticles(ctx, requireActor(c), c.req.valid('query')), 200))
    .openapi(search, async (c) => c.json(await searchArticles(ctx, requireActor(c), c.req.valid('query')), 200))
    .openapi(create, async (c) => c.json(await createArticle(ctx, requireActor(c), c.req.valid('json')), 201))
    .openapi(get, async (c) => c.json(await getArticle(ctx, requireActor(c), c.req.valid('param').id), 200))
    .openapi(update, async (c) => c.json(await updateArticle(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(status, async (c) => c.json(await setArticleStatus(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(remove, async (c) => {
      await deleteArticle(ctx, requireActor(c), c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(stats, async (c) => c.json(await articleStats(ctx, requireActor(c), c.req.valid('param').id), 200))
    .openapi(preview, async (c) => c.json(previewMarkdown(requireActor(c), c.req.valid('json')), 200));
