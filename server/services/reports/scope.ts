import { sql, type SQL } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { invalid } from '../../errors.ts';
import { MANAGER_ROLES, requireRole, type Actor } from '../actor.ts';
import { rows } from './rows.ts';
import type { ReportFilters } from './report-input.ts';

/** A parsed, checked report request: the instants the period covers and the zone its days and hours are in. */
export interface ReportScope {
  from: string;
  to: string;
  /** Start of `from` and end of `to` in `tz`, as ISO instants: the half-open range [fromAt, toAt). */
  fromAt: string;
  toAt: string;
  tz: string;
  teamId?: string;
  channel?: string;
  agentId?: string;
}

type Parsed = Omit<ReportFilters, 'from' | 'to'> & { from: string; to: string };

/**
 * Reports show every team's work and every agent's numbers: supervisors and admins only, checked here so no
 * caller can skip it. Unknown team, agent or zone is a VALIDATION error naming the parameter.
 */
export async function openScope(ctx: ServiceContext, actor: Actor, f: Parsed): Promise<ReportScope> {
  requireRole(actor, MANAGER_ROLES, 'Viewing reports');
  const [found] = rows<{ team: boolean; agent: boolean; zone: string | null; valid: boolean }>(
    await ctx.db.execute(sql`
      select
        ${f.teamId ? sql`exists (select 1 from teams where id = ${f.teamId}::uuid)` : sql`true`} as team,
        ${f.agentId ? sql`exists (select 1 from users where id = ${f.agentId}::uuid)` : sql`true`} as agent,
        (select c.time_zone from sla_policies p join business_calendars c on c.id = p.calendar_id
          where ${f.teamId ? sql`p.team_id = ${f.teamId}::uuid or` : sql``} p.team_id is null
          order by p.team_id is null limit 1) as zone,
        ${f.tz ? sql`exists (select 1 from pg_timezone_names where name = ${f.tz})` : sql`true`} as valid`),
  );
  if (!found?.team) throw invalid('teamId: no such team', [{ path: 'teamId', message: 'no such team' }]);
  if (!found.agent) throw invalid('agentId: no such user', [{ path: 'agentId', message: 'no such user' }]);
  if (!found.valid) throw invalid(`tz: unknown time zone ${f.tz}`, [{ path: 'tz', message: 'unknown time zone' }]);
  const tz = f.tz ?? found.zone ?? 'UTC';
  const [range] = rows<{ fromAt: string; toAt: string }>(
    await ctx.db.execute(sql`
      select ${iso(sql`(${f.from}::date)::timestamp at time zone ${tz}`)} as "fromAt",
             ${iso(sql`(${f.to}::date + 1)::timestamp at time zone ${tz}`)} as "toAt"`),
  );
  return { from: f.from, to: f.to, tz, fromAt: range!.fromAt, toAt: range!.toAt, teamId: f.teamId, channel: f.channel, agentId: f.agentId };
}

/** A timestamptz as an ISO-8601 UTC string, the same text from PGlite and node-postgres. */
export const iso = (expr: SQL) => sql`to_char(${expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** `column` within the period, for a timestamptz column. */
export const inPeriod = (s: ReportScope, column: SQL) => sql`${column} >= ${s.fromAt}::timestamptz and ${column} < ${s.toAt}::timestamptz`;

/**
 * The team / channel / agent filters on tickets aliased `t` (team and agent are the ticket's current ones).
 * The per-agent table selects its rows by agent itself, so it leaves the agent filter out.
 */
export function ticketFilters(s: ReportScope, opts: { agent?: boolean } = {}): SQL {
  const agent = opts.agent !== false && s.agentId;
  return sql`${s.teamId ? sql` and t.team_id = ${s.teamId}::uuid` : sql``}${s.channel ? sql` and t.channel = ${s.channel}` : sql``}${
    agent ? sql` and t.assignee_id = ${s.agentId}::uuid` : sql``
  }`;
}
