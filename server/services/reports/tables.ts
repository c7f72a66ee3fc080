import type { agentTable } from './agent-table.ts';
import type { arrivalHeatmap } from './arrival-heatmap.ts';
import type { CsvTable } from './csv.ts';
import type { csatSummary } from './csat-summary.ts';
import type { kbEffect } from './kb-effect.ts';
import type { responseTimes } from './response-times.ts';
import type { staffing } from './staffing.ts';
import type { volumeByDay } from './volume-by-day.ts';

type Data<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;
const weekdayNames = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** The table each report downloads as CSV: the same numbers the JSON carries, one row per line of the screen. */
export const reportTables = {
  volume: (d: Data<typeof volumeByDay>): CsvTable => ({
    columns: ['date', 'created', 'resolved', 'email', 'widget', 'telegram', 'api', 'phone', 'in_person'],
    rows: d.days.map((r) => [r.date, r.created, r.resolved, r.email, r.widget, r.telegram, r.api, r.phone, r.in_person]),
  }),
  heatmap: (d: Data<typeof arrivalHeatmap>): CsvTable => ({
    columns: ['weekday', ...Array.from({ length: 24 }, (_, h) => hourLabel(h))],
    rows: weekdayNames.map((name, i) => [name, ...d.cells.filter((c) => c.weekday === i + 1).map((c) => c.arrivals)]),
  }),
  times: (d: Data<typeof responseTimes>): CsvTable => ({
    columns: ['metric', 'count', 'average_seconds', 'median_seconds', 'p90_seconds'],
    rows: d.metrics.map((m) => [m.metric, m.count, m.average, m.median, m.p90]),
  }),
  csat: (d: Data<typeof csatSummary>): CsvTable => ({
    columns: ['rating', 'responses'],
    rows: d.distribution.map((r) => [r.rating, r.count]),
  }),
  agents: (d: Data<typeof agentTable>): CsvTable => ({
    columns: [
      'agent',
      'assigned',
      'replies',
      'resolved',
      'first_response_median_business_seconds',
      'handle_median_seconds',
      'csat_average',
      'csat_responses',
    ],
    rows: d.agents.map((a) => [
      a.name,
      a.assigned,
      a.replies,
      a.resolved,
      a.firstResponseMedian,
      a.handleMedian,
      a.csatAverage,
      a.csatResponses,
    ]),
  }),
  kb: (d: Data<typeof kbEffect>): CsvTable => ({
    columns: ['article', 'suggested', 'inserted', 'solved', 'deflections'],
    rows: d.articles.map((a) => [a.title, a.suggested, a.inserted, a.solved, a.deflections]),
  }),
  staffing: (d: Data<typeof staffing>): CsvTable => ({
    columns: [
      'weekday',
      'hour',
      'arrivals_per_hour',
      'traffic_erlangs',
      'recommended_agents',
      'service_level',
      'asa_seconds',
      'occupancy',
      'online_now',
      'roster',
    ],
    rows: d.hours.map((h) => [
      weekdayNames[h.weekday - 1],
      hourLabel(h.hour),
      h.arrivalsPerHour,
      h.trafficErlangs,
      h.recommended,
      h.serviceLevel,
      h.averageSpeedOfAnswerSeconds,
      h.occupancy,
      d.staffedNow.online,
      d.staffedNow.members,
    ]),
  }),
};
