import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { reportFilters, type ReportFilters } from './report-input.ts';
import { rows, runReportSql } from './rows.ts';
import { inPeriod, openScope, ticketFilters } from './scope.ts';

export interface VolumeDay {
  /** Local date in the report's zone. */
  date: string;
  created: number;
  resolved: number;
  email: number;
  widget: number;
  telegram: number;
  api: number;
  phone: number;
  in_person: number;
}

/** Tickets created (split by channel) and resolved per local day, every day of the period, zeros included. */
export async function volumeByDay(ctx: ServiceContext, actor: Actor, raw: ReportFilters) {
  const s = await openScope(ctx, actor, parseInput(reportFilters, raw, 'report filters'));
  const result = await runReportSql(
    ctx,
    sql`
    with days as (
      select d::date as day from generate_series(${s.from}::date, ${s.to}::date, interval '1 day') d
    ), created as (
      select (t.created_at at time zone ${s.tz})::date as day, count(*)::int as n,
             count(*) filter (where t.channel = 'email')::int as email,
             count(*) filter (where t.channel = 'widget')::int as widget,
             count(*) filter (where t.channel = 'telegram')::int as telegram,
             count(*) filter (where t.channel = 'api')::int as api,
             count(*) filter (where t.channel = 'phone')::int as phone,
             count(*) filter (where t.channel = 'in_person')::int as in_person
      from tickets t where ${inPeriod(s, sql`t.created_at`)} ${ticketFilters(s)} group by 1
    ), resolved as (
      select (t.resolved_at at time zone ${s.tz})::date as day, count(*)::int as n
      from tickets t where ${inPeriod(s, sql`t.resolved_at`)} and t.status in ('resolved', 'closed') ${ticketFilters(s)} group by 1
    )
    select to_char(days.day, 'YYYY-MM-DD') as date, coalesce(c.n, 0) as created, coalesce(r.n, 0) as resolved,
           coalesce(c.email, 0) as email, coalesce(c.widget, 0) as widget, coalesce(c.telegram, 0) as telegram, coalesce(c.api, 0) as api,
           coalesce(c.phone, 0) as phone, coalesce(c.in_person, 0) as in_person
    from days left join created c on c.day = days.day left join resolved r on r.day = days.day
    order by days.day`,
  );
  const days = rows<VolumeDay>(result);
  return {
    scope: s,
    totals: { created: days.reduce((n, d) => n + d.created, 0), resolved: days.reduce((n, d) => n + d.resolved, 0) },
    days,
  };
}
