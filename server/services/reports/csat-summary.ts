import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { reportFilters, type ReportFilters } from './report-input.ts';
import { rows, runReportSql } from './rows.ts';
import { inPeriod, openScope, ticketFilters } from './scope.ts';

export interface CsatSummary {
  responses: number;
  /** Mean rating 1-5, two decimals; null without responses. */
  average: number | null;
  /** Share of 4 and 5 ratings, percent with one decimal (the usual "CSAT score"). */
  satisfiedPercent: number | null;
  distribution: Array<{ rating: number; count: number }>;
}

/** Ratings given in the period on tickets matching the filters (team, channel and agent of the ticket). */
export async function csatSummary(ctx: ServiceContext, actor: Actor, raw: ReportFilters) {
  const s = await openScope(ctx, actor, parseInput(reportFilters, raw, 'report filters'));
  const result = await runReportSql(
    ctx,
    sql`
    with r as (
      select c.rating from csat_responses c join tickets t on t.id = c.ticket_id
      where ${inPeriod(s, sql`c.created_at`)} ${ticketFilters(s)}
    )
    select g as rating, (select count(*) from r where r.rating = g)::int as count,
           (select count(*) from r)::int as responses,
           (select round(avg(rating), 2) from r)::float8 as average,
           (select round(100.0 * count(*) filter (where rating >= 4) / nullif(count(*), 0), 1) from r)::float8 as "satisfiedPercent"
    from generate_series(1, 5) g order by g`,
  );
  const found = rows<{ rating: number; count: number; responses: number; average: number | null; satisfiedPercent: number | null }>(result);
  const { responses, average, satisfiedPercent } = found[0]!;
  const summary: CsatSummary = {
    responses,
    average,
    satisfiedPercent,
    distribution: found.map((r) => ({ rating: r.rating, count: r.count })),
  };
  return { scope: s, ...summary };
}
