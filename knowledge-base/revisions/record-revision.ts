import type { Tx } from '../../server/db/client.ts';
import { kbRevisions, type kbArticles, type KbRevisionSnapshot } from '../../server/db/schema/index.ts';
import type { Actor } from '../../server/services/actor.ts';

type ArticleRow = typeof kbArticles.$inferSelect;

export function snapshotOf(a: ArticleRow): KbRevisionSnapshot {
  return {
    title: a.title,
    summary: a.summary,
    body: a.body,
    symptoms: a.symptoms,
    product: a.product,
    affectedVersions: a.affectedVersions,
    cause: a.cause,
    workaround: a.workaround,
    fixedIn: a.fixedIn,
    tags: a.tags,
    kind: a.kind,
    locale: a.locale,
    visibility: a.visibility,
    categoryId: a.categoryId,
  };
}

/** Freezes the article's content as revision number `a.version`, in the caller's transaction. */
export async function recordRevision(tx: Tx, a: ArticleRow, actor: Actor, note: string, at: Date): Promise<void> {
  await tx.insert(kbRevisions).values({
    articleId: a.id,
    number: a.version,
    snapshot: snapshotOf(a),
    authorId: actor.type === 'user' ? actor.id : null,
    authorName: actor.name,
    note,
    createdAt: at,
  });
}
