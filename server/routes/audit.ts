import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { auditSettingsInput, getAuditSettings, updateAuditSettings } from '../services/audit/audit-settings.ts';
import { auditQuery, listAudit } from '../services/audit/list-audit.ts';
import { requireRole } from '../services/actor.ts';
import { toCsv } from '../services/reports/csv.ts';
import { clientInfo } from './client-info.ts';
import { contentDisposition } from './content-disposition.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { signedInSecurity as security } from './user-schemas.ts';

const entryView = z
  .object({
    id: z.number().int(),
    at: z.string(),
    action: z.string(),
    actor: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
    system: z.string().nullable(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    ip: z.string().nullable(),
  })
  .openapi('AuditEntry');
const pageView = z.object({ entries: z.array(entryView), nextBefore: z.number().int().nullable() }).openapi('AuditPage');
const settingsView = z
  .object({ retentionDays: z.number().int().openapi({ description: 'Entries older than this are deleted; 0 keeps them forever' }) })
  .openapi('AuditSettings');

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['audit'],
  summary:
    'The audit log, newest first (admins): sign-ins and failures, users, roles and teams, settings, rules, tokens... ' +
    'action=user. filters a family; format=csv downloads up to `limit` (default 100, at most 5,000) entries',
  security,
  request: { query: auditQuery.extend({ format: z.enum(['json', 'csv']).default('json') }) },
  responses: {
    200: { description: 'Entries', content: { 'application/json': { schema: pageView }, 'text/csv': { schema: z.string() } } },
    ...errors,
  },
});
const getSettings = createRoute({
  method: 'get',
  path: '/settings',
  tags: ['audit'],
  summary: 'How long the audit log is kept (admins)',
  security,
  responses: { 200: json(settingsView, 'The settings'), ...errors },
});
const putSettings = createRoute({
  method: 'put',
  path: '/settings',
  tags: ['audit'],
  summary: 'Change how long the audit log is kept (admins; the change is audited)',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: auditSettingsInput } } } },
  responses: { 200: json(settingsView, 'The settings now'), ...errors },
});

const CSV_COLUMNS = ['at', 'action', 'actor_name', 'actor_email', 'system', 'target_type', 'target_id', 'ip', 'data'];

export const auditRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => {
      const { format, ...query } = c.req.valid('query');
      const page = await listAudit(ctx, requireActor(c), query);
      if (format === 'json') return c.json(page, 200);
      const rows = page.entries.map((e) => [
        e.at,
        e.action,
        e.actor?.name,
        e.actor?.email,
        e.system,
        e.targetType,
        e.targetId,
        e.ip,
        JSON.stringify(e.data),
      ]);
      return new Response(`\uFEFF${toCsv({ columns: CSV_COLUMNS, rows })}`, {
        status: 200,
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': contentDisposition(`switchboard-audit-${ctx.now().toISOString().slice(0, 10)}.csv`, false),
          'Cache-Control': 'private, no-store',
        },
      });
    })
    .openapi(getSettings, async (c) => {
      requireRole(requireActor(c), ['admin'], 'Reading audit settings');
      return c.json(await getAuditSettings(ctx.db), 200);
    })
    .openapi(putSettings, async (c) => {
      const origin = { ip: clientInfo(c, ctx.config).ip };
      return c.json(await updateAuditSettings(ctx, requireActor(c), c.req.valid('json'), origin), 200);
    });
