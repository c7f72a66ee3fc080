import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ServiceContext } from '../context.ts';
import type { Actor } from '../services/actor.ts';
import { agentTable } from '../services/reports/agent-table.ts';
import { arrivalHeatmap } from '../services/reports/arrival-heatmap.ts';
import { csatSummary } from '../services/reports/csat-summary.ts';
import { toCsv } from '../services/reports/csv.ts';
import { kbEffect } from '../services/reports/kb-effect.ts';
import { checkRange, reportFilterFields, staffingFields } from '../services/reports/report-input.ts';
import { responseTimes } from '../services/reports/response-times.ts';
import { staffing } from '../services/reports/staffing.ts';
import { reportTables } from '../services/reports/tables.ts';
import { volumeByDay } from '../services/reports/volume-by-day.ts';
import { contentDisposition } from './content-disposition.ts';
import type { AppEnv } from './env.ts';
import { requireActor } from './middleware/require-actor.ts';
import { agentsView, csatView, heatmapView, kbView, staffingView, timesView, volumeView } from './report-schemas.ts';
import { createRouter, errors } from './router.ts';
import { signedInSecurity as security } from './user-schemas.ts';

const format = { format: z.enum(['json', 'csv']).default('json') };
const filterQuery = z.object({ ...reportFilterFields, ...format }).superRefine(checkRange);
const staffingQuery = z.object({ ...reportFilterFields, ...staffingFields, ...format }).superRefine(checkRange);
type ReportName = keyof typeof reportTables;

const route = <Q extends z.ZodObject, R extends z.ZodType>(name: ReportName, summary: string, query: Q, view: R) =>
  createRoute({
    method: 'get',
    path: `/${name}`,
    tags: ['reports'],
    summary: `${summary} (supervisors and admins; format=csv downloads the table)`,
    security,
    request: { query },
    responses: {
      200: {
        description: 'The report; with format=csv a CSV file with a header row',
        content: { 'application/json': { schema: view }, 'text/csv': { schema: z.string() } },
      },
      ...errors,
    },
  });

/** JSON, or the report's table as a CSV attachment named after the report and period. */
function respond<T extends { scope: { from: string; to: string } }>(c: Context<AppEnv>, name: ReportName, data: T, csv: boolean) {
  if (!csv) return c.json(data, 200);
  const table = (reportTables[name] as unknown as (d: T) => Parameters<typeof toCsv>[0])(data);
  // The byte-order mark makes spreadsheet programs read the UTF-8 (Chinese names) correctly.
  return new Response(`\uFEFF${toCsv(table)}`, {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': contentDisposition(`switchboard-${name}-${data.scope.from}-to-${data.scope.to}.csv`, false),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

type Verb<T> = (ctx: ServiceContext, actor: Actor, input: never) => Promise<T>;

export function reportRoutes(ctx: ServiceContext) {
  const handler =
    <T extends { scope: { from: string; to: string } }>(name: ReportName, verb: Verb<T>) =>
    async (c: Context<AppEnv>) => {
      const { format: f, ...input } = (
        c.req as unknown as { valid(t: 'query'): { format: 'json' | 'csv' } & Record<string, unknown> }
      ).valid('query');
      return respond(c, name, await verb(ctx, requireActor(c), input as never), f === 'csv');
    };
  return createRouter()
    .openapi(route('volume', 'Tickets created and resolved per day', filterQuery, volumeView), handler('volume', volumeByDay))
    .openapi(route('heatmap', 'Arrivals by weekday and hour', filterQuery, heatmapView), handler('heatmap', arrivalHeatmap))
    .openapi(
      route('times', 'First response, resolution and handle times: count, mean, median, p90', filterQuery, timesView),
      handler('times', responseTimes),
    )
    .openapi(
      route('csat', 'Satisfaction: average, share of 4-5 ratings, distribution', filterQuery, csatView),
      handler('csat', csatSummary),
    )
    .openapi(
      route('agents', 'Per-agent assignments, replies, resolutions, times and CSAT', filterQuery, agentsView),
      handler('agents', agentTable),
    )
    .openapi(
      route('kb', 'Knowledge-base effect: suggestions, inserts, solved tickets, deflections', filterQuery, kbView),
      handler('kb', kbEffect),
    )
    .openapi(
      route('staffing', 'Agents needed per weekday-hour for a service-level target (Erlang C)', staffingQuery, staffingView),
      handler('staffing', staffing),
    );
}
