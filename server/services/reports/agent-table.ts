import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { Presence } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { businessSeconds, calendarJoin } from './business-time-sql.ts';
import { handleSeconds } from './handle-time-sql.ts';
import { reportFilters, type ReportFilters } from './report-input.ts';
import { rows, runReportSql } from './rows.ts';
import { inPeriod, openScope, ticketFilters } from './scope.ts';
import { roundSeconds } from './stats-sql.ts';

export interface AgentRow {
  userId: string;
  name: string;
  presence: Presence;
  /** Tickets assigned or transferred to the agent in the period. */
  assigned: number;
  /** Replies the agent sent in the period (notes not counted). */
  replies: number;
  /** Tickets resolved in the period that the agent holds. */
  resolved: number;
  /** Median business-hours first response (s) of tickets created in the period that the agent answered first. */
  firstResponseMedian: number | null;
  /** Median handle time (s) of the agent's tickets resolved in the period. */
  handleMedian: number | null;
  csatAverage: number | null;
  csatResponses: number;
}

/**
 * One row per agent (active users with the agent role, plus anyone with activity in the period); with teamId,
 * the team's members; with agentId, that person. Team and channel filters apply to the tickets counted.
 */
export async function agentTable(ctx: ServiceContext, actor: Actor, raw: ReportFilters) {
  const s = await openScope(ctx, actor, parseInput(reportFilters, raw, 'report filters'));
  const f = ticketFilters(s, { agent: false });
  const result = await runReportSql(
    ctx,
    sql`
    with asg as (
      select coalesce(e.to_value, e.data ->> 'toAssigneeId') as user_id, count(distinct e.ticket_id)::int as n
      from ticket_events e join tickets t on t.id = e.ticket_id
      where ${inPeriod(s, sql`e.created_at`)} and coalesce(e.to_value, e.data ->> 'toAssigneeId') is not null
        and (e.kind = 'assigned' or (e.kind = 'transferred' and e.data ->> 'toAssigneeId' is not null)) ${f}
      group by 1
    ), rep as (
      select m.author_user_id::text as user_id, count(*)::int as n
      from messages m join tickets t on t.id = m.ticket_id
      where m.direction = 'out' and m.author_user_id is not null and ${inPeriod(s, sql`m.created_at`)} ${f}
      group by 1
    ), fr as (
      select fm.author::text as user_id, percentile_cont(0.5) within group (order by ${businessSeconds(sql`t.created_at`, sql`t.first_response_at`)})::float8 as median
      from tickets t ${calendarJoin}
      cross join lateral (
        select m.author_user_id as author from messages m
        where m.ticket_id = t.id and m.direction = 'out' order by m.created_at, m.id limit 1
      ) fm
      where ${inPeriod(s, sql`t.created_at`)} and t.first_response_at is not null and fm.author is not null ${f}
      group by 1
    ), rs as (
      select t.assignee_id::text as user_id, count(*)::int as n, percentile_cont(0.5) within group (order by ${handleSeconds})::float8 as handle
      from tickets t
      where ${inPeriod(s, sql`t.resolved_at`)} and t.status in ('resolved', 'closed') and t.assignee_id is not null ${f}
      group by 1
    ), cs as (
      select t.assignee_id::text as user_id, count(*)::int as n, round(avg(c.rating), 2)::float8 as average
      from csat_responses c join tickets t on t.id = c.ticket_id
      where ${inPeriod(s, sql`c.created_at`)} and t.assignee_id is not null ${f}
      group by 1
    )
    select u.id as "userId", u.name, u.presence,
           coalesce(asg.n, 0) as assigned, coalesce(rep.n, 0) as replies, coalesce(rs.n, 0) as resolved,
           fr.median as "firstResponseMedian", rs.handle as "handleMedian",
           cs.average as "csatAverage", coalesce(cs.n, 0) as "csatResponses"
    from users u
    left join asg on asg.user_id = u.id::text
    left join rep on rep.user_id = u.id::text
    left join fr on fr.user_id = u.id::text
    left join rs on rs.user_id = u.id::text
    left join cs on cs.user_id = u.id::text
    where (('agent' = any(u.roles) and u.active) or asg.n is not null or rep.n is not null or rs.n is not null or cs.n is not null)
      ${s.teamId ? sql`and exists (select 1 from team_members tm where tm.team_id = ${s.teamId}::uuid and tm.user_id = u.id)` : sql``}
      ${s.agentId ? sql`and u.id = ${s.agentId}::uuid` : sql``}
    order by u.name, u.id`,
  );
  const agents = rows<AgentRow>(result).map((r) => ({
    ...r,
    firstResponseMedian: roundSeconds(r.firstResponseMedian),
    handleMedian: roundSeconds(r.handleMedian),
  }));
  return { scope: s, agents };
}
