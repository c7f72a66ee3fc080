import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { getDashboard } from '../services/dashboard/get-dashboard.ts';
import { dashboardView } from './dashboard-schemas.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { signedInSecurity as security } from './user-schemas.ts';

const snapshot = createRoute({
  method: 'get',
  path: '/',
  tags: ['dashboard'],
  summary:
    'The supervisor dashboard: queues per team and channel, agents, SLA at risk and breached, today’s figures (supervisors and admins)',
  security,
  request: {
    query: z.object({ tz: z.string().optional().openapi({ description: 'IANA zone for "today" (default: your profile zone)' }) }),
  },
  responses: { 200: json(dashboardView, 'A snapshot; refetch on the dashboard.changed socket event'), ...errors },
});

export const dashboardRoutes = (ctx: ServiceContext) =>
  createRouter().openapi(snapshot, async (c) => c.json(await getDashboard(ctx, requireActor(c), c.req.valid('query')), 200));
