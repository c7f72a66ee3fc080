import { and, count, eq, inArray, isNotNull } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { kbArticles, kbCategories } from '../../server/db/schema/index.ts';
import type { Actor } from '../../server/services/actor.ts';
import { readableStatuses } from '../articles/read-access.ts';
import { categoryTree } from './present.ts';

/** The whole tree with the number of articles the actor can read in each category. */
export async function listCategories(ctx: ServiceContext, actor: Actor) {
  const statuses = readableStatuses(actor);
  const [rows, counts] = await Promise.all([
    ctx.db.select().from(kbCategories),
    ctx.db
      .select({ id: kbArticles.categoryId, n: count() })
      .from(kbArticles)
      .where(and(isNotNull(kbArticles.categoryId), inArray(kbArticles.status, statuses)))
      .groupBy(kbArticles.categoryId),
  ]);
  return categoryTree(rows, new Map(counts.map((c) => [c.id!, c.n])));
}

/** Public help center: only categories holding published public articles (and their ancestors). */
export async function listPublicCategories(ctx: ServiceContext) {
  const [rows, counts] = await Promise.all([
    ctx.db.select().from(kbCategories),
    ctx.db
      .select({ id: kbArticles.categoryId, n: count() })
      .from(kbArticles)
      .where(and(isNotNull(kbArticles.categoryId), eq(kbArticles.status, 'published'), eq(kbArticles.visibility, 'public')))
      .groupBy(kbArticles.categoryId),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const keep = new Set<string>();
  for (const c of counts) {
    for (let id: string | null = c.id; id && !keep.has(id); id = byId.get(id)?.parentId ?? null) keep.add(id);
  }
  return categoryTree(
    rows.filter((r) => keep.has(r.id)),
    new Map(counts.map((c) => [c.id!, c.n])),
  );
}
