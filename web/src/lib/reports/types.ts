/** Report shapes as the server's route schemas describe them (generated types, see api.ts). */
import type { ApiQuery, Schema } from '../api.ts';
import type { ChannelKind } from '../types.ts';

export type VolumeReport = Schema<'VolumeReport'>;
export type HeatmapReport = Schema<'ArrivalHeatmap'>;
export type TimesReport = Schema<'TimesReport'>;
export type CsatReport = Schema<'CsatReport'>;
export type AgentsReport = Schema<'AgentReport'>;
export type KbReport = Schema<'KbEffectReport'>;
export type StaffingReport = Schema<'StaffingReport'>;
export type TimeMetric = TimesReport['metrics'][number]['metric'];
/** The filters every report takes; the staffing report adds its target. */
export type ReportQuery = ApiQuery<'/reports/volume'>;
export type StaffingQuery = ApiQuery<'/reports/staffing'>;

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
