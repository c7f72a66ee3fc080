import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { businessSeconds, calendarJoin, wallSeconds } from './business-time-sql.ts';
import { handleSeconds } from './handle-time-sql.ts';
import { reportFilters, type ReportFilters } from './report-input.ts';
import { rows, runReportSql } from './rows.ts';
import { inPeriod, openScope, ticketFilters, type ReportScope } from './scope.ts';
import { roundSummary, summary, type Summary } from './stats-sql.ts';

export const timeMetrics = ['first_response', 'first_response_business', 'resolution', 'resolution_business', 'handle'] as const;
export type TimeMetric = (typeof timeMetrics)[number];
export type TimeRow = Summary & { metric: TimeMetric };

/**
 * First response (tickets created in the period that got one), resolution and handle time (tickets resolved in
 * the period; resolution runs from creation to the last resolution), each in wall-clock and, where it
 * matters, business seconds. Medians and p90 come from percentile_cont in SQL.
 */
export async function responseTimes(ctx: ServiceContext, actor: Actor, raw: ReportFilters) {
  const scope = await openScope(ctx, actor, parseInput(reportFilters, raw, 'report filters'));
  return { scope, metrics: await timeRows(ctx, scope) };
}

export async function timeRows(ctx: ServiceContext, s: ReportScope): Promise<TimeRow[]> {
  const result = await runReportSql(
    ctx,
    sql`
    with fr as (
      select ${wallSeconds(sql`t.created_at`, sql`t.first_response_at`)} as wall,
             ${businessSeconds(sql`t.created_at`, sql`t.first_response_at`)} as business
      from tickets t ${calendarJoin}
      where ${inPeriod(s, sql`t.created_at`)} and t.first_response_at is not null ${ticketFilters(s)}
    ), rs as (
      select ${wallSeconds(sql`t.created_at`, sql`t.resolved_at`)} as wall,
             ${businessSeconds(sql`t.created_at`, sql`t.resolved_at`)} as business,
             ${handleSeconds} as handle
      from tickets t ${calendarJoin}
      where ${inPeriod(s, sql`t.resolved_at`)} and t.status in ('resolved', 'closed') ${ticketFilters(s)}
    )
    select 'first_response' as metric, ${summary(sql`wall`)} from fr
    union all select 'first_response_business', ${summary(sql`business`)} from fr
    union all select 'resolution', ${summary(sql`wall`)} from rs
    union all select 'resolution_business', ${summary(sql`business`)} from rs
    union all select 'handle', ${summary(sql`handle`)} from rs`,
  );
  const byMetric = new Map(rows<TimeRow>(result).map((r) => [r.metric, roundSummary(r)]));
  return timeMetrics.map((m) => byMetric.get(m)!);
}
