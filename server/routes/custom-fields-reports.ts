import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ServiceContext } from '../context.ts';
import { fieldBreakdown } from '../services/custom-fields/field-breakdown.ts';
import { ticketExport } from '../services/custom-fields/ticket-export.ts';
import { toCsv, type CsvTable } from '../services/reports/csv.ts';
import { checkRange, reportFilterFields } from '../services/reports/report-input.ts';
import { contentDisposition } from './content-disposition.ts';
import type { AppEnv } from './env.ts';
import { requireActor } from './middleware/require-actor.ts';
import { reportScopeView } from './report-schemas.ts';
import { createRouter, errors } from './router.ts';
import { signedInSecurity as security } from './user-schemas.ts';

const format = { format: z.enum(['json', 'csv']).default('json') };
const breakdownQuery = z.object({ ...reportFilterFields, field: z.string(), ...format }).superRefine(checkRange);
const exportQuery = z.object({ ...reportFilterFields, format: z.enum(['json', 'csv']).default('csv') }).superRefine(checkRange);

const breakdownView = z
  .object({
    scope: reportScopeView,
    field: z.object({ key: z.string(), labels: z.object({ en: z.string(), 'zh-CN': z.string().optional() }) }),
    rows: z.array(
      z.object({
        value: z.string().openapi({ description: 'The option value; "" for tickets where the field is empty' }),
        label: z.string(),
        tickets: z.number().int(),
        resolved: z.number().int(),
        csatAverage: z.number().nullable(),
        csatResponses: z.number().int(),
      }),
    ),
  })
  .openapi('FieldBreakdownReport');
const exportView = z.object({ scope: reportScopeView, columns: z.array(z.string()), rows: z.array(z.array(z.unknown())) });

const csvContent = (view: z.ZodType) => ({ 'application/json': { schema: view }, 'text/csv': { schema: z.string() } });
const breakdown = createRoute({
  method: 'get',
  path: '/fields',
  tags: ['reports', 'custom-fields'],
  summary: 'Tickets created in the period by the value of a single-select ticket field: count, resolved, CSAT (format=csv downloads it)',
  security,
  request: { query: breakdownQuery },
  responses: { 200: { description: 'The breakdown', content: csvContent(breakdownView) }, ...errors },
});
const tickets = createRoute({
  method: 'get',
  path: '/tickets',
  tags: ['reports', 'custom-fields'],
  summary:
    'Tickets created in the period, one row each with a column per ticket field (field:<key>) and customer field (customer:<key>); CSV by default',
  security,
  request: { query: exportQuery },
  responses: { 200: { description: 'The tickets', content: csvContent(exportView) }, ...errors },
});

function csv(c: Context<AppEnv>, name: string, scope: { from: string; to: string }, table: CsvTable) {
  return new Response(`\uFEFF${toCsv(table)}`, {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': contentDisposition(`switchboard-${name}-${scope.from}-to-${scope.to}.csv`, false),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/** Mounted at /api/reports beside the other reports (supervisors and admins). */
export const customFieldReportRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(breakdown, async (c) => {
      const { format: f, ...input } = c.req.valid('query');
      const data = await fieldBreakdown(ctx, requireActor(c), input);
      if (f === 'json') return c.json(data, 200);
      const table: CsvTable = {
        columns: [data.field.key, 'label', 'tickets', 'resolved', 'csat_average', 'csat_responses'],
        rows: data.rows.map((r) => [r.value, r.label, r.tickets, r.resolved, r.csatAverage, r.csatResponses]),
      };
      return csv(c, `by-${data.field.key}`, data.scope, table);
    })
    .openapi(tickets, async (c) => {
      const { format: f, ...input } = c.req.valid('query');
      const { scope, table } = await ticketExport(ctx, requireActor(c), input);
      if (f === 'json') return c.json({ scope, columns: [...table.columns], rows: table.rows.map((r) => [...r]) }, 200);
      return csv(c, 'tickets', scope, table);
    });
