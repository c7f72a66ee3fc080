import { z } from '@hono/zod-openapi';
import { presences } from '../db/schema/index.ts';
import { timeMetrics } from '../services/reports/response-times.ts';

const seconds = z.number().nullable();
const count = z.number().int();

export const reportScopeView = z
  .object({
    from: z.string(),
    to: z.string(),
    fromAt: z.string(),
    toAt: z.string(),
    tz: z.string(),
    teamId: z.string().optional(),
    channel: z.string().optional(),
    agentId: z.string().optional(),
  })
  .openapi('ReportScope');

const day = z.object({
  date: z.string(),
  created: count,
  resolved: count,
  email: count,
  widget: count,
  telegram: count,
  api: count,
  phone: count,
  in_person: count,
});
export const volumeView = z
  .object({ scope: reportScopeView, totals: z.object({ created: count, resolved: count }), days: z.array(day) })
  .openapi('VolumeReport');

const cell = z.object({ weekday: count, hour: count, arrivals: count, occurrences: count, perHour: z.number() });
export const heatmapView = z.object({ scope: reportScopeView, cells: z.array(cell) }).openapi('ArrivalHeatmap');

const metric = z.object({ metric: z.enum(timeMetrics), count, average: seconds, median: seconds, p90: seconds });
export const timesView = z.object({ scope: reportScopeView, metrics: z.array(metric) }).openapi('TimesReport');

export const csatView = z
  .object({
    scope: reportScopeView,
    responses: count,
    average: z.number().nullable(),
    satisfiedPercent: z.number().nullable(),
    distribution: z.array(z.object({ rating: count, count })),
  })
  .openapi('CsatReport');

const agent = z.object({
  userId: z.string(),
  name: z.string(),
  presence: z.enum(presences),
  assigned: count,
  replies: count,
  resolved: count,
  firstResponseMedian: seconds,
  handleMedian: seconds,
  csatAverage: z.number().nullable(),
  csatResponses: count,
});
export const agentsView = z.object({ scope: reportScopeView, agents: z.array(agent) }).openapi('AgentReport');

const kbTotals = z.object({
  suggested: count,
  inserted: count,
  solved: count,
  ticketsWithSuggestions: count,
  ticketsSolved: count,
  ticketsResolved: count,
  widgetDeflections: count,
  helpCenterDeflections: count,
});
const kbArticle = z.object({
  articleId: z.string(),
  title: z.string(),
  suggested: count,
  inserted: count,
  solved: count,
  deflections: count,
});
export const kbView = z.object({ scope: reportScopeView, totals: kbTotals, articles: z.array(kbArticle) }).openapi('KbEffectReport');

const staffingHour = z.object({
  weekday: count,
  hour: count,
  arrivalsPerHour: z.number(),
  trafficErlangs: z.number(),
  recommended: count.nullable(),
  serviceLevel: z.number().nullable(),
  averageSpeedOfAnswerSeconds: z.number().nullable(),
  occupancy: z.number().nullable(),
});
export const staffingView = z
  .object({
    scope: reportScopeView,
    target: z.object({ targetPercent: z.number(), answerSeconds: count, concurrency: count, maxOccupancyPercent: z.number().nullable() }),
    handleTime: z.object({
      observedAverageSeconds: seconds,
      observedTickets: count,
      usedSeconds: seconds,
      source: z.enum(['observed', 'override', 'none']),
    }),
    staffedNow: z.object({ online: count, members: count }),
    peakRecommended: count.nullable(),
    hours: z.array(staffingHour),
  })
  .openapi('StaffingReport');
