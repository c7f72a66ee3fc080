import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../server/context.ts';
import { kbArticleKinds, kbArticles, kbLocales, kbStatuses, kbVisibilities } from '../../server/db/schema/index.ts';
import { ServiceError } from '../../server/errors.ts';
import type { Actor } from '../../server/services/actor.ts';
import { parseInput } from '../../server/services/parse-input.ts';
import type { SearchFilters, SearchHit } from '../search/engine.ts';
import { SearchUnavailableError } from '../search/engine.ts';
import { searchEngine } from '../search/select.ts';
import { readableStatuses } from './read-access.ts';

export const searchArticlesInput = z.object({
  q: z.string().trim().min(1, 'q is required').max(2000),
  status: z.enum(kbStatuses).optional(),
  visibility: z.enum(kbVisibilities).optional(),
  kind: z.enum(kbArticleKinds).optional(),
  locale: z.enum(kbLocales).optional(),
  categoryId: z.uuid().optional(),
  product: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  offset: z.coerce.number().int().min(0).max(1000).default(0),
});

/** Ranked search for agents and editors (agents: published only, whatever they ask for). */
export async function searchArticles(ctx: ServiceContext, actor: Actor, raw: z.input<typeof searchArticlesInput>) {
  const input = parseInput(searchArticlesInput, raw, 'search');
  const statuses = readableStatuses(actor);
  const filters: SearchFilters = {
    status: input.status ? statuses.filter((s) => s === input.status) : statuses,
    ...(input.visibility && { visibility: [input.visibility] }),
    ...(input.kind && { kind: input.kind }),
    ...(input.locale && { locale: input.locale }),
    ...(input.categoryId && { categoryId: input.categoryId }),
    ...(input.product && { product: input.product }),
  };
  if (!filters.status?.length) return { hits: [], total: 0 };
  return runSearch(ctx, { q: input.q, filters, limit: input.limit, offset: input.offset });
}

export type ArticleHit = SearchHit & {
  article: { id: string; slug: string; kind: string; locale: string; status: string; visibility: string };
};

/**
 * Searches, then joins the hits with the articles table: the index may lag, so a hit whose article has
 * gone or no longer passes the filters (status, visibility) is dropped rather than shown.
 */
export async function runSearch(ctx: ServiceContext, req: Parameters<ReturnType<typeof searchEngine>['search']>[0]) {
  let res;
  try {
    res = await searchEngine(ctx).search(req);
  } catch (err) {
    if (err instanceof SearchUnavailableError) throw new ServiceError('UNAVAILABLE', 'Search is unavailable right now; try again shortly');
    throw err;
  }
  if (!res.hits.length) return { hits: [] as ArticleHit[], total: res.total };
  const rows = await ctx.db
    .select({
      id: kbArticles.id,
      slug: kbArticles.slug,
      kind: kbArticles.kind,
      locale: kbArticles.locale,
      status: kbArticles.status,
      visibility: kbArticles.visibility,
    })
    .from(kbArticles)
    .where(
      inArray(
        kbArticles.id,
        res.hits.map((h) => h.id),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const f = req.filters ?? {};
  const hits = res.hits.flatMap((h): ArticleHit[] => {
    const a = byId.get(h.id);
    if (!a || (f.status && !f.status.includes(a.status)) || (f.visibility && !f.visibility.includes(a.visibility))) return [];
    return [{ ...h, article: a }];
  });
  return { hits, total: res.total };
}
