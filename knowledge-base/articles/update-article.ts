import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../server/context.ts';
import { kbArticles } from '../../server/db/schema/index.ts';
import { conflict } from '../../server/errors.ts';
import { invalidInput } from '../../server/invalid-input.ts';
import { actorUserId, requireRole, type Actor } from '../../server/services/actor.ts';
import { enqueueIndex } from '../indexing/enqueue-index.ts';
import { parseInput } from '../../server/services/parse-input.ts';
import { inTransaction } from '../../server/services/transaction.ts';
import { recordRevision } from '../revisions/record-revision.ts';
import { EDITOR_ROLES } from '../roles.ts';
import { assertCategory, loadArticle } from './load.ts';
import { presentArticle } from './present.ts';
import { defectProblems, updateArticleInput, type ArticleContent } from './schemas.ts';
import { uniqueSlug } from './slug.ts';

/**
 * Saves an edit as the next revision. Refused with CONFLICT when the article moved past the version the
 * editor started from, so two editors never silently overwrite each other.
 */
export async function updateArticle(ctx: ServiceContext, actor: Actor, id: string, raw: z.input<typeof updateArticleInput>) {
  requireRole(actor, EDITOR_ROLES, 'Editing knowledge-base articles');
  const { expectedVersion, note, slug, ...changes } = parseInput(updateArticleInput, raw, 'article');
  return inTransaction(ctx, async (tx) => {
    const current = await loadArticle(tx, id, { lock: true });
    if (current.version !== expectedVersion) {
      throw conflict(`Article changed since version ${expectedVersion} (now ${current.version}); reload and apply your edit again`, {
        currentVersion: current.version,
      });
    }
    const merged = { ...current, ...changes } as ArticleContent & typeof current;
    const problems = defectProblems(merged);
    if (problems.length) throw invalidInput('article', problems);
    if (changes.categoryId !== undefined) await assertCategory(tx, changes.categoryId);
    const now = ctx.now();
    const [row] = await tx
      .update(kbArticles)
      .set({
        ...changes,
        ...(slug ? { slug: await uniqueSlug(tx, slug, id) } : {}),
        version: current.version + 1,
        updatedById: actorUserId(actor),
        updatedAt: now,
      })
      .where(eq(kbArticles.id, id))
      .returning();
    await recordRevision(tx, row!, actor, note ?? '', now);
    await enqueueIndex(tx, id);
    return presentArticle(row!);
  });
}
