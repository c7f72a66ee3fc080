import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { kbArticles } from '../../server/db/schema/index.ts';
import { requireRole, type Actor } from '../../server/services/actor.ts';
import { enqueueIndex } from '../indexing/enqueue-index.ts';
import { inTransaction } from '../../server/services/transaction.ts';
import { EDITOR_ROLES } from '../roles.ts';
import { loadArticle } from './load.ts';

/** Deletes an article with its revisions and ticket links; the index drops it through the outbox. */
export async function deleteArticle(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  requireRole(actor, EDITOR_ROLES, 'Deleting articles');
  await inTransaction(ctx, async (tx) => {
    await loadArticle(tx, id, { lock: true });
    await tx.delete(kbArticles).where(eq(kbArticles.id, id));
    await enqueueIndex(tx, id);
  });
}
