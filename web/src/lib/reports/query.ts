import type { ReportFilters, ReportName, ReportQuery, StaffingQuery, StaffingTarget } from './types.ts';

/** The query string every report takes; empty filters are left out so the server applies its defaults. */
export function reportQuery(f: ReportFilters): ReportQuery {
  const q: ReportQuery = { from: f.from, to: f.to };
  if (f.teamId) q.teamId = f.teamId;
  if (f.channel) q.channel = f.channel;
  if (f.agentId) q.agentId = f.agentId;
  return q;
}

export function staffingQuery(f: ReportFilters, s: StaffingTarget): StaffingQuery {
  return {
    ...reportQuery(f),
    targetPercent: s.targetPercent,
    answerSeconds: s.answerSeconds,
    concurrency: s.concurrency,
    ...(s.ahtSeconds ? { ahtSeconds: s.ahtSeconds } : {}),
  };
}

/** Link for "Download CSV": the server answers with an attachment, the browser sends the session cookie. */
export function csvHref(name: ReportName, query: ReportQuery | StaffingQuery): string {
  const set = Object.entries({ ...query, format: 'csv' }).filter(([, v]) => v !== undefined && v !== null);
  const qs = new URLSearchParams(set.map(([k, v]) => [k, String(v)]));
  return `/api/reports/${name}?${qs}`;
}

const pad = (n: number) => String(n).padStart(2, '0');
const localDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** The last `days` days up to today (the browser's calendar), as from/to dates. */
export function lastDays(days: number, today = new Date()): { from: string; to: string } {
  const start = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (days - 1));
  return { from: localDate(start), to: localDate(today) };
}
