import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../server/context.ts';
import { kbArticles } from '../../server/db/schema/index.ts';
import { actorUserId, requireRole, type Actor } from '../../server/services/actor.ts';
import { enqueueIndex } from '../indexing/enqueue-index.ts';
import { parseInput } from '../../server/services/parse-input.ts';
import { inTransaction } from '../../server/services/transaction.ts';
import { EDITOR_ROLES } from '../roles.ts';
import { loadArticle } from './load.ts';
import { presentArticle } from './present.ts';
import { statusInput } from './schemas.ts';

/** Publish, archive or return to draft. Status is not content: no revision, but the index follows. */
export async function setArticleStatus(ctx: ServiceContext, actor: Actor, id: string, raw: z.input<typeof statusInput>) {
  requireRole(actor, EDITOR_ROLES, 'Publishing or archiving articles');
  const { status } = parseInput(statusInput, raw, 'status change');
  return inTransaction(ctx, async (tx) => {
    const current = await loadArticle(tx, id, { lock: true });
    if (current.status === status) return presentArticle(current);
    const now = ctx.now();
    const [row] = await tx
      .update(kbArticles)
      .set({
        status,
        publishedAt: status === 'published' ? (current.publishedAt ?? now) : current.publishedAt,
        archivedAt: status === 'archived' ? now : null,
        updatedById: actorUserId(actor),
        updatedAt: now,
      })
      .where(eq(kbArticles.id, id))
      .returning();
    await enqueueIndex(tx, id);
    return presentArticle(row!);
  });
}

export const publishArticle = (ctx: ServiceContext, actor: Actor, id: string) => setArticleStatus(ctx, actor, id, { status: 'published' });
export const archiveArticle = (ctx: ServiceContext, actor: Actor, id: string) => setArticleStatus(ctx, actor, id, { status: 'archived' });
