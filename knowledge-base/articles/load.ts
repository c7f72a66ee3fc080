import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../server/db/client.ts';
import { kbArticles, kbCategories } from '../../server/db/schema/index.ts';
import { notFound } from '../../server/errors.ts';
import { invalidInput } from '../../server/invalid-input.ts';
import { isUuid } from '../../server/services/is-uuid.ts';

export type ArticleRow = typeof kbArticles.$inferSelect;

/** Loads an article by id (locking it for a change when asked); unknown and malformed ids are both "not found". */
export async function loadArticle(db: DbOrTx, id: string, opts: { lock?: boolean } = {}): Promise<ArticleRow> {
  if (!isUuid(id)) throw notFound('Article');
  const q = db.select().from(kbArticles).where(eq(kbArticles.id, id));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) throw notFound('Article');
  return row;
}

export async function assertCategory(db: DbOrTx, categoryId: string | null | undefined): Promise<void> {
  if (!categoryId) return;
  const [row] = await db.select({ id: kbCategories.id }).from(kbCategories).where(eq(kbCategories.id, categoryId));
  if (!row) throw invalidInput('article', [{ path: 'categoryId', message: 'no such category', code: 'unknown_reference' }]);
}
