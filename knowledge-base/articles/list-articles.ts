import { and, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../server/context.ts';
import { kbArticleKinds, kbArticles, kbLocales, kbStatuses, kbVisibilities } from '../../server/db/schema/index.ts';
import type { Actor } from '../../server/services/actor.ts';
import { parseInput } from '../../server/services/parse-input.ts';
import { presentArticle } from './present.ts';
import { readableStatuses } from './read-access.ts';

export const listArticlesInput = z.object({
  status: z.enum(kbStatuses).optional(),
  visibility: z.enum(kbVisibilities).optional(),
  kind: z.enum(kbArticleKinds).optional(),
  locale: z.enum(kbLocales).optional(),
  categoryId: z.uuid().optional(),
  product: z.string().trim().min(1).max(100).optional(),
  /** Exactly this tag (tags are stored lower-case). */
  tag: z.string().trim().toLowerCase().min(1).max(50).optional(),
  /** Title or tag contains (the editor list's filter box); ranked search is /kb/search. */
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** The editor list: newest edits first, filtered, with the total for paging. */
export async function listArticles(ctx: ServiceContext, actor: Actor, raw: z.input<typeof listArticlesInput>) {
  const input = parseInput(listArticlesInput, raw, 'filters');
  const statuses = readableStatuses(actor);
  const where: SQL[] = [inArray(kbArticles.status, input.status ? statuses.filter((s) => s === input.status) : statuses)];
  if (input.visibility) where.push(eq(kbArticles.visibility, input.visibility));
  if (input.kind) where.push(eq(kbArticles.kind, input.kind));
  if (input.locale) where.push(eq(kbArticles.locale, input.locale));
  if (input.categoryId) where.push(eq(kbArticles.categoryId, input.categoryId));
  if (input.product) where.push(eq(kbArticles.product, input.product));
  if (input.tag) where.push(sql`${input.tag} = any(${kbArticles.tags})`);
  if (input.q) {
    const like = `%${input.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(kbArticles.title, like), sql`array_to_string(${kbArticles.tags}, ' ') ilike ${like}`)!);
  }
  const cond = and(...where);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(kbArticles)
      .where(cond)
      .orderBy(desc(kbArticles.updatedAt), desc(kbArticles.id))
      .limit(input.limit)
      .offset(input.offset),
    ctx.db.select({ n: count() }).from(kbArticles).where(cond),
  ]);
  return { articles: rows.map(presentArticle), total: total?.n ?? 0, limit: input.limit, offset: input.offset };
}
