import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { kbArticles, type KbArticleKind, type KbLocale, type KbVisibility } from '../../server/db/schema/index.ts';
import { actorUserId, requireRole, type Actor } from '../../server/services/actor.ts';
import { enqueueIndex } from '../indexing/enqueue-index.ts';
import { inTransaction } from '../../server/services/transaction.ts';
import { assertCategory, loadArticle } from '../articles/load.ts';
import { presentArticle } from '../articles/present.ts';
import { EDITOR_ROLES } from '../roles.ts';
import { loadRevision } from './list-revisions.ts';
import { recordRevision } from './record-revision.ts';

/** Brings an old revision's content back as a new revision; history is never rewritten. */
export async function restoreRevision(ctx: ServiceContext, actor: Actor, articleId: string, number: number) {
  requireRole(actor, EDITOR_ROLES, 'Restoring revisions');
  const rev = await loadRevision(ctx, articleId, number);
  const s = rev.snapshot;
  return inTransaction(ctx, async (tx) => {
    const current = await loadArticle(tx, articleId, { lock: true });
    // A category deleted since then is dropped rather than blocking the restore.
    const categoryId = s.categoryId
      ? await assertCategory(tx, s.categoryId).then(
          () => s.categoryId,
          () => null,
        )
      : null;
    const now = ctx.now();
    const [row] = await tx
      .update(kbArticles)
      .set({
        title: s.title,
        summary: s.summary,
        body: s.body,
        symptoms: s.symptoms,
        product: s.product,
        affectedVersions: s.affectedVersions,
        cause: s.cause,
        workaround: s.workaround,
        fixedIn: s.fixedIn,
        tags: s.tags,
        kind: s.kind as KbArticleKind,
        locale: s.locale as KbLocale,
        visibility: s.visibility as KbVisibility,
        categoryId,
        version: current.version + 1,
        updatedById: actorUserId(actor),
        updatedAt: now,
      })
      .where(eq(kbArticles.id, articleId))
      .returning();
    await recordRevision(tx, row!, actor, `Restored revision ${number}`, now);
    await enqueueIndex(tx, articleId);
    return presentArticle(row!);
  });
}
