import { and, asc, eq, inArray } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { kbArticles, ticketArticleLinks } from '../../server/db/schema/index.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../../server/services/actor.ts';
import { loadVisibleTicket } from '../../server/services/tickets/visibility.ts';

/**
 * The articles an agent put to use on a ticket ("inserted into a reply", "solved by this article"), oldest
 * first, so the side panel can show them as linked whatever the current suggestions are.
 */
export async function listTicketArticleLinks(ctx: ServiceContext, actor: Actor, ticketId: string) {
  requireRole(actor, AGENT_ROLES, 'Seeing articles linked to tickets');
  await loadVisibleTicket(ctx.db, actor, ticketId);
  const rows = await ctx.db
    .select({
      articleId: ticketArticleLinks.articleId,
      kind: ticketArticleLinks.kind,
      at: ticketArticleLinks.createdAt,
      slug: kbArticles.slug,
      title: kbArticles.title,
      status: kbArticles.status,
    })
    .from(ticketArticleLinks)
    .innerJoin(kbArticles, eq(kbArticles.id, ticketArticleLinks.articleId))
    .where(and(eq(ticketArticleLinks.ticketId, ticketId), inArray(ticketArticleLinks.kind, ['inserted', 'solved'])))
    .orderBy(asc(ticketArticleLinks.createdAt), asc(ticketArticleLinks.id));
  return {
    ticketId,
    links: rows.map((r) => ({
      articleId: r.articleId,
      kind: r.kind as 'inserted' | 'solved',
      slug: r.slug,
      title: r.title,
      status: r.status,
      at: r.at.toISOString(),
    })),
  };
}
