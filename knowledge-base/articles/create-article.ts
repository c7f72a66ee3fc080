import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { ServiceContext } from '../../server/context.ts';
import { kbArticles } from '../../server/db/schema/index.ts';
import { invalidInput } from '../../server/invalid-input.ts';
import { actorUserId, requireRole, type Actor } from '../../server/services/actor.ts';
import { enqueueIndex } from '../indexing/enqueue-index.ts';
import { parseInput } from '../../server/services/parse-input.ts';
import { inTransaction } from '../../server/services/transaction.ts';
import { recordRevision } from '../revisions/record-revision.ts';
import { EDITOR_ROLES } from '../roles.ts';
import { assertCategory } from './load.ts';
import { presentArticle } from './present.ts';
import { articleDefaults, createArticleInput, defectProblems } from './schemas.ts';
import { slugify, uniqueSlug } from './slug.ts';

/** Writes a new article as revision 1 and queues it for indexing, all in one transaction. */
export async function createArticle(ctx: ServiceContext, actor: Actor, raw: z.input<typeof createArticleInput>) {
  requireRole(actor, EDITOR_ROLES, 'Writing knowledge-base articles');
  const { slug, status, note, ...given } = parseInput(createArticleInput, raw, 'article');
  const content = { ...articleDefaults, ...given };
  const problems = defectProblems(content);
  if (problems.length) throw invalidInput('article', problems);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    await assertCategory(tx, content.categoryId);
    const id = randomUUID();
    const [row] = await tx
      .insert(kbArticles)
      .values({
        ...content,
        id,
        slug: await uniqueSlug(tx, slug ?? slugify(content.title), id),
        status,
        authorId: actorUserId(actor),
        updatedById: actorUserId(actor),
        publishedAt: status === 'published' ? now : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordRevision(tx, row!, actor, note ?? 'Created', now);
    await enqueueIndex(tx, id);
    return presentArticle(row!);
  });
}
