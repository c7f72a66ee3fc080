import type { ServiceContext } from '../../context.ts';
import { invalid } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { csatSummary } from '../reports/csat-summary.ts';
import { responseTimes } from '../reports/response-times.ts';
import { volumeByDay } from '../reports/volume-by-day.ts';

export interface TimeFigure {
  count: number;
  /** Seconds; null when nothing was measured today. */
  median: number | null;
  p90: number | null;
}

export interface TodayFigures {
  /** The local date and the zone "today" is taken in, and the instant it began (for links to the tickets). */
  date: string;
  tz: string;
  fromAt: string;
  created: number;
  resolved: number;
  /** Tickets created today that got a first response, like the reports' first-response time. */
  firstResponse: TimeFigure;
  /** Tickets resolved today, from creation to resolution. */
  resolution: TimeFigure;
  csat: { responses: number; average: number | null; distribution: Array<{ rating: number; count: number }> };
}

/** The local calendar date of `at` in `tz`; an unknown zone is a VALIDATION error naming `tz`. */
export function localDate(at: Date, tz: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  } catch {
    throw invalid(`tz: unknown time zone ${tz}`, [{ path: 'tz', message: 'unknown time zone' }]);
  }
}

/** Today's volume, times and satisfaction: the reports' own SQL (median and p90 by percentile_cont) over one day. */
export async function todayFigures(ctx: ServiceContext, actor: Actor, tz: string): Promise<TodayFigures> {
  const today = localDate(ctx.now(), tz);
  const filters = { from: today, to: today, tz };
  // One after the other: each runs in its own read-only transaction, and PGlite has one connection.
  const volume = await volumeByDay(ctx, actor, filters);
  const times = await responseTimes(ctx, actor, filters);
  const csat = await csatSummary(ctx, actor, filters);
  const time = (name: string): TimeFigure => {
    const m = times.metrics.find((x) => x.metric === name)!;
    return { count: m.count, median: m.median, p90: m.p90 };
  };
  const day = volume.days[0]!;
  return {
    date: today,
    tz: volume.scope.tz,
    fromAt: volume.scope.fromAt,
    created: day.created,
    resolved: day.resolved,
    firstResponse: time('first_response'),
    resolution: time('resolution'),
    csat: { responses: csat.responses, average: csat.average, distribution: csat.distribution },
  };
}
