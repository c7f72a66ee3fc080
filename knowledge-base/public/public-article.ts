import { and, eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import type { DbOrTx } from '../../server/db/client.ts';
import { kbArticles } from '../../server/db/schema/index.ts';
import { notFound } from '../../server/errors.ts';
import { isUuid } from '../../server/services/is-uuid.ts';
import { presentPublicArticle } from '../articles/present.ts';

const publicOnly = and(eq(kbArticles.status, 'published'), eq(kbArticles.visibility, 'public'));

/**
 * A published public article by id or slug. Drafts, internal and archived articles answer exactly like
 * ids that never existed, so the help center and widget cannot probe for them.
 */
export async function loadPublicArticle(db: DbOrTx, idOrSlug: string) {
  // Slugs are [a-z0-9-] (slug.ts): anything else, like a NUL from the URL that PostgreSQL would refuse, is no article.
  if (!isUuid(idOrSlug) && !/^[a-z0-9-]{1,200}$/.test(idOrSlug)) throw notFound('Article');
  const key = isUuid(idOrSlug) ? eq(kbArticles.id, idOrSlug) : eq(kbArticles.slug, idOrSlug);
  const [row] = await db.select().from(kbArticles).where(and(key, publicOnly));
  if (!row) throw notFound('Article');
  return row;
}

/** Reading an article also counts a view (for the editor's stats). */
export async function getPublicArticle(ctx: ServiceContext, idOrSlug: string) {
  const row = await loadPublicArticle(ctx.db, idOrSlug);
  await ctx.db
    .update(kbArticles)
    .set({ viewCount: sql`${kbArticles.viewCount} + 1` })
    .where(eq(kbArticles.id, row.id));
  return presentPublicArticle(row);
}
