import { z } from 'zod';
import type { ServiceContext } from '../../server/context.ts';
import { kbLocales } from '../../server/db/schema/index.ts';
import { parseInput } from '../../server/services/parse-input.ts';
import { runSearch } from '../articles/search-articles.ts';

export const publicSearchInput = z.object({
  q: z.string().trim().min(1, 'q is required').max(500),
  locale: z.enum(kbLocales).optional(),
  categoryId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(20).default(10),
});

/** Help center and widget search: published public articles only, whatever the caller asks. */
export async function publicSearch(ctx: ServiceContext, raw: z.input<typeof publicSearchInput>) {
  const input = parseInput(publicSearchInput, raw, 'search');
  const res = await runSearch(ctx, {
    q: input.q,
    filters: {
      status: ['published'],
      visibility: ['public'],
      ...(input.locale && { locale: input.locale }),
      ...(input.categoryId && { categoryId: input.categoryId }),
    },
    limit: input.limit,
  });
  return {
    total: res.total,
    hits: res.hits.map((h) => ({
      id: h.id,
      slug: h.article.slug,
      kind: h.article.kind,
      locale: h.article.locale,
      title: h.title,
      snippet: h.snippet,
    })),
  };
}
