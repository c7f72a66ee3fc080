import { z } from '@hono/zod-openapi';
import { kbArticleKinds, kbLocales, kbStatuses, kbVisibilities } from '../db/schema/index.ts';
import { json } from './router.ts';
import { errorBody } from './router.ts';

export const highlighted = z
  .object({ text: z.string(), ranges: z.array(z.tuple([z.number(), z.number()])) })
  .openapi('Highlighted', { description: 'Plain text; each range [start, end) (UTF-16 offsets) is a matched word to mark' });

export const publicArticleView = z
  .object({
    id: z.string(),
    slug: z.string(),
    locale: z.enum(kbLocales),
    kind: z.enum(kbArticleKinds),
    title: z.string(),
    summary: z.string(),
    body: z.string().openapi({ description: 'Markdown' }),
    bodyHtml: z.string().openapi({ description: 'The Markdown rendered and sanitised' }),
    symptoms: z.string(),
    product: z.string().nullable(),
    affectedVersions: z.array(z.string()),
    cause: z.string(),
    workaround: z.string(),
    fixedIn: z.string().nullable(),
    tags: z.array(z.string()),
    categoryId: z.string().nullable(),
    publishedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('PublicArticle');

const usageCounts = z.object({
  suggested: z.number(),
  inserted: z.number(),
  solved: z.number(),
  deflections: z.number(),
  views: z.number(),
});

export const articleView = publicArticleView
  .extend({
    visibility: z.enum(kbVisibilities),
    status: z.enum(kbStatuses),
    version: z.number(),
    authorId: z.string().nullable(),
    updatedById: z.string().nullable(),
    stats: usageCounts,
    archivedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Article');

export const articleStatsView = z
  .object({
    articleId: z.string(),
    totals: usageCounts,
    solveRate: z
      .number()
      .nullable()
      .openapi({ description: 'Share of suggestions that ended in "solved by this article" (null before any)' }),
    boost: z.number().openapi({ description: 'Ranking factor from proven use (1 = none)' }),
    daily: z.array(
      z.object({
        day: z.string().openapi({ description: 'YYYY-MM-DD (UTC)' }),
        kind: z.string().openapi({ description: 'inserted | solved | deflected' }),
        n: z.number(),
      }),
    ),
    recentlySolved: z.array(z.object({ ticketId: z.string(), number: z.number(), subject: z.string(), at: z.string() })),
  })
  .openapi('ArticleStats');

export const articleHit = z
  .object({
    id: z.string(),
    score: z.number(),
    title: highlighted,
    snippet: highlighted,
    article: z.object({
      id: z.string(),
      slug: z.string(),
      kind: z.string(),
      locale: z.string(),
      status: z.string(),
      visibility: z.string(),
    }),
  })
  .openapi('ArticleHit');

type Category = {
  id: string;
  parentId: string | null;
  slug: string;
  name: string;
  localizedNames: Record<string, string>;
  description: string;
  position: number;
  articleCount?: number;
  children: Category[];
};
export const categoryView: z.ZodType<Category> = z
  .lazy(() =>
    z.object({
      id: z.string(),
      parentId: z.string().nullable(),
      slug: z.string(),
      name: z.string(),
      localizedNames: z.record(z.string(), z.string()),
      description: z.string(),
      position: z.number(),
      articleCount: z.number().optional(),
      children: z.array(categoryView),
    }),
  )
  .openapi('Category');

export const synonymView = z.object({ id: z.string(), terms: z.array(z.string()), updatedAt: z.string() }).openapi('SynonymGroup');

export const kbIdParam = (name: string) =>
  z.string().openapi({ param: { name, in: 'path' }, example: '00000000-0000-4000-8000-000000000000' });
export const notFoundOrConflict = {
  409: json(errorBody, 'Conflicts with a newer version or existing data'),
  503: json(errorBody, 'Search engine unavailable'),
} as const;
export const security: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }];
