import { sql, type SQL } from 'drizzle-orm';

/** count, mean, median and p90 of a seconds column, all in SQL (percentile_cont: interpolated, like Excel's PERCENTILE). */
export const summary = (column: SQL) => sql`
  count(${column})::int as count,
  avg(${column})::float8 as average,
  percentile_cont(0.5) within group (order by ${column})::float8 as median,
  percentile_cont(0.9) within group (order by ${column})::float8 as p90`;

export interface Summary {
  count: number;
  /** Seconds; null when nothing was measured. */
  average: number | null;
  median: number | null;
  p90: number | null;
}

/** Seconds rounded to one decimal, so JSON and CSV carry the same number. */
export const roundSeconds = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);

export const roundSummary = <T extends Summary>(s: T): T => ({
  ...s,
  average: roundSeconds(s.average),
  median: roundSeconds(s.median),
  p90: roundSeconds(s.p90),
});
