import { createRoute, z } from '@hono/zod-openapi';
import { getTicketSuggestions } from '../../knowledge-base/suggest/get-suggestions.ts';
import { recordArticleUse } from '../../knowledge-base/usage/record-use.ts';
import { listTicketArticleLinks } from '../../knowledge-base/usage/ticket-links.ts';
import type { ServiceContext } from '../context.ts';
import { requireActor } from './middleware/require-actor.ts';
import { highlighted, kbIdParam, security } from './kb-schemas.ts';
import { createRouter, errors, json } from './router.ts';

const tags = ['knowledge base'];
const suggestionsView = z
  .object({
    ticketId: z.string(),
    status: z.enum(['ok', 'unavailable']),
    query: z.string(),
    reason: z.string().optional(),
    suggestions: z.array(
      z.object({
        articleId: z.string(),
        slug: z.string(),
        kind: z.string(),
        visibility: z.string(),
        title: highlighted,
        snippet: highlighted,
        replyText: z.string(),
        score: z.number(),
      }),
    ),
  })
  .openapi('TicketSuggestions');
const useView = z
  .object({ ticketId: z.string(), articleId: z.string(), kind: z.enum(['inserted', 'solved']), recorded: z.boolean() })
  .openapi('ArticleUse');
const useParams = z.object({ id: kbIdParam('id'), articleId: kbIdParam('articleId') });

const get = createRoute({
  method: 'get',
  path: '/{id}/suggestions',
  tags,
  security,
  summary: 'Top three published articles for the ticket, highlighted ("unavailable" when search is down)',
  request: { params: z.object({ id: kbIdParam('id') }) },
  responses: { 200: json(suggestionsView, 'Suggestions'), ...errors },
});
const use = (kind: 'inserted' | 'solved', summary: string) =>
  createRoute({
    method: 'post',
    path: `/{id}/suggestions/{articleId}/${kind}`,
    tags,
    security,
    summary,
    request: { params: useParams },
    responses: { 200: json(useView, 'Recorded (recorded=false: already recorded)'), ...errors },
  });
const linksView = z
  .object({
    ticketId: z.string(),
    links: z.array(
      z.object({
        articleId: z.string(),
        kind: z.enum(['inserted', 'solved']),
        slug: z.string(),
        title: z.string(),
        status: z.string(),
        at: z.string(),
      }),
    ),
  })
  .openapi('TicketArticleLinks');
const links = createRoute({
  method: 'get',
  path: '/{id}/article-links',
  tags,
  security,
  summary: 'Articles inserted into a reply on the ticket or marked as solving it',
  request: { params: z.object({ id: kbIdParam('id') }) },
  responses: { 200: json(linksView, 'Links'), ...errors },
});

/** Mounted under /api/tickets next to the ticket routes. */
export const kbSuggestionRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(get, async (c) => c.json(await getTicketSuggestions(ctx, requireActor(c), c.req.valid('param').id), 200))
    .openapi(links, async (c) => c.json(await listTicketArticleLinks(ctx, requireActor(c), c.req.valid('param').id), 200))
    .openapi(use('inserted', 'The agent inserted the article into a reply'), async (c) => {
      const { id, articleId } = c.req.valid('param');
      return c.json(await recordArticleUse(ctx, requireActor(c), id, articleId, 'inserted'), 200);
    })
    .openapi(use('solved', 'The ticket was solved by this article'), async (c) => {
      const { id, articleId } = c.req.valid('param');
      return c.json(await recordArticleUse(ctx, requireActor(c), id, articleId, 'solved'), 200);
    });
