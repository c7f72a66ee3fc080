import { createRoute } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { myCsat } from '../services/csat/summaries.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { csatSummaryView, security } from './ticket-schemas.ts';

const get = createRoute({
  method: 'get',
  path: '/',
  tags: ['csat'],
  summary: 'Your satisfaction figure: ratings of the tickets you were assigned when they were rated',
  security,
  responses: { 200: json(csatSummaryView, 'Count, average and the latest ratings'), ...errors },
});

export const myCsatRoutes = (ctx: ServiceContext) =>
  createRouter().openapi(get, async (c) => c.json(await myCsat(ctx, requireActor(c)), 200));
