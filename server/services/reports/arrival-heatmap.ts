import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { reportFilters, type ReportFilters } from './report-input.ts';
import { rows, runReportSql } from './rows.ts';
import { inPeriod, openScope, ticketFilters, type ReportScope } from './scope.ts';

export interface HeatmapCell {
  /** ISO weekday in the report's zone: 1 = Monday ... 7 = Sunday. */
  weekday: number;
  hour: number;
  arrivals: number;
  /** How many times this weekday-hour occurred in the period (DST days make it 0 or 2 once a year). */
  occurrences: number;
  /** Average arrivals in one such hour: arrivals / occurrences. */
  perHour: number;
}

/** New tickets by local weekday x hour: all 168 cells, Monday 00 first. */
export async function arrivalHeatmap(ctx: ServiceContext, actor: Actor, raw: ReportFilters) {
  const scope = await openScope(ctx, actor, parseInput(reportFilters, raw, 'report filters'));
  return { scope, cells: await heatmapCells(ctx, scope) };
}

export async function heatmapCells(ctx: ServiceContext, s: ReportScope): Promise<HeatmapCell[]> {
  const result = await runReportSql(
    ctx,
    sql`
    with grid as (
      select w::int as weekday, h::int as hour from generate_series(1, 7) w cross join generate_series(0, 23) h
    ), slots as (
      select extract(isodow from (x at time zone ${s.tz}))::int as weekday, extract(hour from (x at time zone ${s.tz}))::int as hour, count(*)::int as n
      from generate_series(${s.fromAt}::timestamptz, ${s.toAt}::timestamptz - interval '1 hour', interval '1 hour') x
      group by 1, 2
    ), arrivals as (
      select extract(isodow from (t.created_at at time zone ${s.tz}))::int as weekday,
             extract(hour from (t.created_at at time zone ${s.tz}))::int as hour, count(*)::int as n
      from tickets t where ${inPeriod(s, sql`t.created_at`)} ${ticketFilters(s)}
      group by 1, 2
    )
    select g.weekday, g.hour, coalesce(a.n, 0) as arrivals, coalesce(sl.n, 0) as occurrences,
           case when coalesce(sl.n, 0) = 0 then 0 else coalesce(a.n, 0)::float8 / sl.n end as "perHour"
    from grid g
    left join arrivals a on a.weekday = g.weekday and a.hour = g.hour
    left join slots sl on sl.weekday = g.weekday and sl.hour = g.hour
    order by g.weekday, g.hour`,
  );
  return rows<HeatmapCell>(result);
}
