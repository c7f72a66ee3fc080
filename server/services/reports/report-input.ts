import { z } from 'zod';
import { channelKinds } from '../../db/schema/index.ts';

/** Longest period one report covers: a year, leap day included. */
export const MAX_REPORT_DAYS = 366;

const day = z.iso.date({ message: 'expected a date as YYYY-MM-DD' });

/** The filters every report takes; from/to are local dates (inclusive) in the report's time zone. */
export const reportFilterFields = {
  from: day,
  to: day,
  teamId: z.uuid({ message: 'expected a team id (uuid)' }).optional(),
  channel: z.enum(channelKinds).optional(),
  agentId: z.uuid({ message: 'expected a user id (uuid)' }).optional(),
  /** IANA zone for days and hours; defaults to the team's SLA calendar zone, else the default calendar's, else UTC. */
  tz: z.string().trim().min(1).max(64).optional(),
};

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;

/** Range rules shared by the verb and the HTTP query schema, each naming `to` when it is wrong. */
export function checkRange(v: { from: string; to: string }, ctx: z.RefinementCtx): void {
  const days = daysBetween(v.from, v.to);
  if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${v.from})` });
  else if (days > MAX_REPORT_DAYS)
    ctx.addIssue({ code: 'custom', path: ['to'], message: `the period may span at most ${MAX_REPORT_DAYS} days, got ${days}` });
}

export const reportFilters = z.strictObject(reportFilterFields).superRefine(checkRange);
export type ReportFilters = z.input<typeof reportFilters>;

const percent = (max: number) => z.coerce.number().gt(0).max(max);

/** Staffing's own knobs on top of the filters: the service-level target and optional overrides. */
export const staffingFields = {
  /** Share answered within answerSeconds, in percent (exclusive of 100: no queue can promise that). */
  targetPercent: z.coerce.number().gt(0).lt(100).default(80),
  answerSeconds: z.coerce.number().int().min(0).max(86_400).default(60),
  /** Replaces the observed average handle time (seconds) when the supervisor knows better. */
  ahtSeconds: z.coerce
    .number()
    .gt(0)
    .max(86_400 * 7)
    .optional(),
  /** Contacts one agent works at once (chat agents often juggle several); divides the handle time. */
  concurrency: z.coerce.number().int().min(1).max(20).default(1),
  maxOccupancyPercent: percent(100).optional(),
};

export const staffingInput = z.strictObject({ ...reportFilterFields, ...staffingFields }).superRefine(checkRange);
export type StaffingInput = z.input<typeof staffingInput>;
