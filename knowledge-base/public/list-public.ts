import { and, desc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../server/context.ts';
import { kbArticles, kbLocales } from '../../server/db/schema/index.ts';
import { parseInput } from '../../server/services/parse-input.ts';

export const listPublicInput = z.object({
  locale: z.enum(kbLocales).optional(),
  categoryId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Browsing the help center: titles and summaries of published public articles, newest first. */
export async function listPublicArticles(ctx: ServiceContext, raw: z.input<typeof listPublicInput>) {
  const input = parseInput(listPublicInput, raw, 'filters');
  const where: SQL[] = [eq(kbArticles.status, 'published'), eq(kbArticles.visibility, 'public')];
  if (input.locale) where.push(eq(kbArticles.locale, input.locale));
  if (input.categoryId) where.push(eq(kbArticles.categoryId, input.categoryId));
  const rows = await ctx.db
    .select({
      id: kbArticles.id,
      slug: kbArticles.slug,
      kind: kbArticles.kind,
      locale: kbArticles.locale,
      title: kbArticles.title,
      summary: kbArticles.summary,
      categoryId: kbArticles.categoryId,
      updatedAt: kbArticles.updatedAt,
    })
    .from(kbArticles)
    .where(and(...where))
    .orderBy(desc(kbArticles.publishedAt), desc(kbArticles.id))
    .limit(input.limit)
    .offset(input.offset);
  return { articles: rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() })) };
}
