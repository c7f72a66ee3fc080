import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { reportFilters, type ReportFilters } from './report-input.ts';
import { rows, runReportSql } from './rows.ts';
import { inPeriod, openScope, ticketFilters } from './scope.ts';

export interface KbArticleRow {
  articleId: string;
  title: string;
  suggested: number;
  inserted: number;
  solved: number;
  deflections: number;
}

const TOP_ARTICLES = 50;

/**
 * What the knowledge base did in the period: suggestions, inserts into replies and "solved by this article" on
 * tickets matching the filters, and self-service deflections (widget and help center). A deflection has no
 * ticket, so only the period (and channel=widget, which keeps widget deflections only) applies to it.
 */
export async function kbEffect(ctx: ServiceContext, actor: Actor, raw: ReportFilters) {
  const s = await openScope(ctx, actor, parseInput(reportFilters, raw, 'report filters'));
  const deflectionFilter =
    s.channel === 'widget' ? sql` and d.source = 'widget'` : s.channel || s.teamId || s.agentId ? sql` and false` : sql``;
  const [totalsResult, articlesResult] = await Promise.all([
    runReportSql(
      ctx,
      sql`
      with l as (
        select l.ticket_id, l.kind from ticket_article_links l join tickets t on t.id = l.ticket_id
        where ${inPeriod(s, sql`l.created_at`)} ${ticketFilters(s)}
      )
      select (select count(*) from l where kind = 'suggested')::int as suggested,
             (select count(*) from l where kind = 'inserted')::int as inserted,
             (select count(*) from l where kind = 'solved')::int as solved,
             (select count(distinct ticket_id) from l where kind = 'suggested')::int as "ticketsWithSuggestions",
             (select count(distinct ticket_id) from l where kind = 'solved')::int as "ticketsSolved",
             (select count(*) from tickets t where ${inPeriod(s, sql`t.resolved_at`)} and t.status in ('resolved', 'closed') ${ticketFilters(s)})::int as "ticketsResolved",
             (select count(*) from kb_deflections d where ${inPeriod(s, sql`d.created_at`)} and d.source = 'widget' ${deflectionFilter})::int as "widgetDeflections",
             (select count(*) from kb_deflections d where ${inPeriod(s, sql`d.created_at`)} and d.source = 'help' ${deflectionFilter})::int as "helpCenterDeflections"`,
    ),
    runReportSql(
      ctx,
      sql`
      with l as (
        select l.article_id, l.kind from ticket_article_links l join tickets t on t.id = l.ticket_id
        where ${inPeriod(s, sql`l.created_at`)} ${ticketFilters(s)}
      ), d as (
        select d.article_id from kb_deflections d where ${inPeriod(s, sql`d.created_at`)} ${deflectionFilter}
      ), per as (
        select article_id,
               count(*) filter (where kind = 'suggested')::int as suggested,
               count(*) filter (where kind = 'inserted')::int as inserted,
               count(*) filter (where kind = 'solved')::int as solved
        from l group by 1
      ), defl as (select article_id, count(*)::int as n from d group by 1)
      select a.id as "articleId", a.title, coalesce(per.suggested, 0) as suggested, coalesce(per.inserted, 0) as inserted,
             coalesce(per.solved, 0) as solved, coalesce(defl.n, 0) as deflections
      from kb_articles a left join per on per.article_id = a.id left join defl on defl.article_id = a.id
      where per.article_id is not null or defl.article_id is not null
      order by solved desc, deflections desc, suggested desc, a.title
      limit ${TOP_ARTICLES}`,
    ),
  ]);
  const totals = rows<{
    suggested: number;
    inserted: number;
    solved: number;
    ticketsWithSuggestions: number;
    ticketsSolved: number;
    ticketsResolved: number;
    widgetDeflections: number;
    helpCenterDeflections: number;
  }>(totalsResult)[0]!;
  return { scope: s, totals, articles: rows<KbArticleRow>(articlesResult) };
}
