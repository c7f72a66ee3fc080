import { eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { kbArticles, ticketArticleLinks } from '../../server/db/schema/index.ts';
import { notFound } from '../../server/errors.ts';
import { AGENT_ROLES, actorUserId, requireRole, type Actor } from '../../server/services/actor.ts';
import { enqueueIndex } from '../indexing/enqueue-index.ts';
import { loadVisibleTicket } from '../../server/services/tickets/visibility.ts';
import { inTransaction } from '../../server/services/transaction.ts';
import { loadArticle } from '../articles/load.ts';

export type UseKind = 'inserted' | 'solved';

/**
 * An agent put an article into a reply, or marked the ticket solved by it. Counted once per ticket,
 * article and kind; the article is re-indexed because its usage boost changed.
 */
export async function recordArticleUse(ctx: ServiceContext, actor: Actor, ticketId: string, articleId: string, kind: UseKind) {
  requireRole(actor, AGENT_ROLES, 'Using articles on tickets');
  return inTransaction(ctx, async (tx) => {
    await loadVisibleTicket(tx, actor, ticketId);
    const article = await loadArticle(tx, articleId);
    if (article.status !== 'published') throw notFound('Article');
    const inserted = await tx
      .insert(ticketArticleLinks)
      .values({ ticketId, articleId, kind, actorUserId: actorUserId(actor), createdAt: ctx.now() })
      .onConflictDoNothing()
      .returning({ id: ticketArticleLinks.id });
    if (inserted.length) {
      const bump =
        kind === 'inserted' ? { insertedCount: sql`${kbArticles.insertedCount} + 1` } : { solvedCount: sql`${kbArticles.solvedCount} + 1` };
      await tx.update(kbArticles).set(bump).where(eq(kbArticles.id, articleId));
      await enqueueIndex(tx, articleId);
    }
    return { ticketId, articleId, kind, recorded: inserted.length > 0 };
  });
}
