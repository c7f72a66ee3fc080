/** Report shapes, taken from the server's verbs (type-only imports: nothing from the server is bundled). */
import type { agentTable } from '$server/services/reports/agent-table.ts';
import type { arrivalHeatmap } from '$server/services/reports/arrival-heatmap.ts';
import type { csatSummary } from '$server/services/reports/csat-summary.ts';
import type { kbEffect } from '$server/services/reports/kb-effect.ts';
import type { responseTimes } from '$server/services/reports/response-times.ts';
import type { staffing } from '$server/services/reports/staffing.ts';
import type { volumeByDay } from '$server/services/reports/volume-by-day.ts';
import type { ChannelKind } from '../types.ts';

export type VolumeReport = Awaited<ReturnType<typeof volumeByDay>>;
export type HeatmapReport = Awaited<ReturnType<typeof arrivalHeatmap>>;
export type TimesReport = Awaited<ReturnType<typeof responseTimes>>;
export type CsatReport = Awaited<ReturnType<typeof csatSummary>>;
export type AgentsReport = Awaited<ReturnType<typeof agentTable>>;
export type KbReport = Awaited<ReturnType<typeof kbEffect>>;
export type StaffingReport = Awaited<ReturnType<typeof staffing>>;
export type { TimeMetric } from '$server/services/reports/response-times.ts';

export type ReportName = 'volume' | 'heatmap' | 'times' | 'csat' | 'agents' | 'kb' | 'staffing';

export interface ReportFilters {
  from: string;
  to: string;
  teamId: string;
  channel: ChannelKind | '';
  agentId: string;
}

export interface StaffingTarget {
  targetPercent: number;
  answerSeconds: number;
  /** Empty: use the observed handle time. */
  ahtSeconds: number | null;
  concurrency: number;
}
