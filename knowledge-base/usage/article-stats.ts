import { and, desc, eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { ticketArticleLinks, tickets } from '../../server/db/schema/index.ts';
import type { Actor } from '../../server/services/actor.ts';
import { loadArticle } from '../articles/load.ts';
import { assertReadable } from '../articles/read-access.ts';
import { rows } from '../search/postgres/sql-values.ts';
import { usageBoost } from './boost.ts';

/** Totals, a 30-day daily series per kind, and the latest tickets the article solved. */
export async function articleStats(ctx: ServiceContext, actor: Actor, articleId: string) {
  const a = await loadArticle(ctx.db, articleId);
  assertReadable(actor, a);
  const since = new Date(ctx.now().getTime() - 30 * 86_400_000);
  const [daily, deflections, solved] = await Promise.all([
    ctx.db.execute(sql`
      select to_char(date_trunc('day', created_at at time zone 'UTC'), 'YYYY-MM-DD') as day, kind, count(*)::int as n
      from ticket_article_links where article_id = ${articleId} and created_at >= ${since.toISOString()}::timestamptz
      group by 1, 2 order by 1`),
    ctx.db.execute(sql`
      select to_char(date_trunc('day', created_at at time zone 'UTC'), 'YYYY-MM-DD') as day, 'deflected' as kind, count(*)::int as n
      from kb_deflections where article_id = ${articleId} and created_at >= ${since.toISOString()}::timestamptz
      group by 1 order by 1`),
    ctx.db
      .select({ ticketId: tickets.id, number: tickets.number, subject: tickets.subject, at: ticketArticleLinks.createdAt })
      .from(ticketArticleLinks)
      .innerJoin(tickets, eq(tickets.id, ticketArticleLinks.ticketId))
      .where(and(eq(ticketArticleLinks.articleId, articleId), eq(ticketArticleLinks.kind, 'solved')))
      .orderBy(desc(ticketArticleLinks.createdAt))
      .limit(10),
  ]);
  const totals = {
    suggested: a.suggestedCount,
    inserted: a.insertedCount,
    solved: a.solvedCount,
    deflections: a.deflectionCount,
    views: a.viewCount,
  };
  return {
    articleId,
    totals,
    /** Share of suggestions that ended in "solved by this article". */
    solveRate: a.suggestedCount ? Math.round((a.solvedCount / a.suggestedCount) * 1000) / 1000 : null,
    boost: usageBoost(totals),
    daily: [...rows<{ day: string; kind: string; n: number }>(daily), ...rows<{ day: string; kind: string; n: number }>(deflections)],
    recentlySolved: solved.map((s) => ({ ticketId: s.ticketId, number: s.number, subject: s.subject, at: s.at.toISOString() })),
  };
}
