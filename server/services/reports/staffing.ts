import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { heatmapCells } from './arrival-heatmap.ts';
import { agentsFor } from './erlang-c.ts';
import { handleSeconds } from './handle-time-sql.ts';
import { staffingInput, type StaffingInput } from './report-input.ts';
import { rows, runReportSql } from './rows.ts';
import { inPeriod, openScope, ticketFilters, type ReportScope } from './scope.ts';

export interface StaffingRow {
  weekday: number;
  hour: number;
  /** Average arrivals in this weekday-hour over the period. */
  arrivalsPerHour: number;
  trafficErlangs: number;
  /** Smallest agent count meeting the target; null without a handle time to plan with. */
  recommended: number | null;
  serviceLevel: number | null;
  averageSpeedOfAnswerSeconds: number | null;
  occupancy: number | null;
}

/**
 * Agents needed per weekday-hour (Erlang C) from the arrivals observed in the period and the average handle
 * time (observed, or the caller's override), shown with who is online now and how many members the team has.
 * The schedule is not modelled in Switchboard, so "online now" is the staffed figure to compare with.
 */
export async function staffing(ctx: ServiceContext, actor: Actor, raw: StaffingInput) {
  const input = parseInput(staffingInput, raw, 'staffing parameters');
  const { targetPercent, answerSeconds, ahtSeconds, concurrency, maxOccupancyPercent, ...filters } = input;
  const s = await openScope(ctx, actor, filters);
  const [cells, observed, people] = await Promise.all([heatmapCells(ctx, s), observedHandle(ctx, s), staffedNow(ctx, s)]);
  const aht = ahtSeconds ?? observed.average;
  const effectiveAht = aht === null ? null : aht / concurrency;
  const target = {
    serviceLevel: targetPercent / 100,
    answerSeconds,
    ahtSeconds: effectiveAht ?? 1,
    maxOccupancy: maxOccupancyPercent && maxOccupancyPercent / 100,
  };
  const hours: StaffingRow[] = cells.map((c) => {
    const a = effectiveAht === null ? 0 : (c.perHour * effectiveAht) / 3600;
    if (effectiveAht === null) {
      return {
        weekday: c.weekday,
        hour: c.hour,
        arrivalsPerHour: round(c.perHour, 3),
        trafficErlangs: 0,
        recommended: null,
        serviceLevel: null,
        averageSpeedOfAnswerSeconds: null,
        occupancy: null,
      };
    }
    const plan = agentsFor(a, target);
    return {
      weekday: c.weekday,
      hour: c.hour,
      arrivalsPerHour: round(c.perHour, 3),
      trafficErlangs: round(a, 3),
      recommended: plan.agents,
      serviceLevel: round(plan.serviceLevel, 4),
      averageSpeedOfAnswerSeconds: round(plan.averageSpeedOfAnswerSeconds, 1),
      occupancy: round(plan.occupancy, 4),
    };
  });
  return {
    scope: s,
    target: { targetPercent, answerSeconds, concurrency, maxOccupancyPercent: maxOccupancyPercent ?? null },
    handleTime: {
      observedAverageSeconds: observed.average === null ? null : round(observed.average, 1),
      observedTickets: observed.count,
      usedSeconds: aht === null ? null : round(aht, 1),
      source: ahtSeconds !== undefined ? ('override' as const) : observed.average !== null ? ('observed' as const) : ('none' as const),
    },
    staffedNow: people,
    peakRecommended: hours.reduce<number | null>((m, h) => (h.recommended === null ? m : Math.max(m ?? 0, h.recommended)), null),
    hours,
  };
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Mean handle time of tickets resolved in the period (Erlang C wants the mean, not the median). */
async function observedHandle(ctx: ServiceContext, s: ReportScope) {
  const [r] = rows<{ count: number; average: number | null }>(
    await runReportSql(
      ctx,
      sql`
      select count(*)::int as count, avg(${handleSeconds})::float8 as average from tickets t
      where ${inPeriod(s, sql`t.resolved_at`)} and t.status in ('resolved', 'closed') ${ticketFilters(s)}`,
    ),
  );
  return r!;
}

/** Agents online now and agents on the roster (the team's members, else every active agent). */
async function staffedNow(ctx: ServiceContext, s: ReportScope) {
  const [r] = rows<{ online: number; members: number }>(
    await runReportSql(
      ctx,
      sql`
      select count(*) filter (where u.presence = 'online')::int as online, count(*)::int as members
      from users u
      where u.active and ${
        s.teamId
          ? sql`exists (select 1 from team_members tm where tm.team_id = ${s.teamId}::uuid and tm.user_id = u.id)`
          : sql`'agent' = any(u.roles)`
      }`,
    ),
  );
  return r!;
}
