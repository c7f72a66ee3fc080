import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { listFailedOutbox } from '../services/outbox/list-failed.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { security } from './ticket-schemas.ts';

const job = z
  .object({
    id: z.number().int(),
    topic: z.string(),
    payload: z.record(z.string(), z.unknown()),
    status: z.enum(['pending', 'processing', 'done', 'failed']),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    lastError: z.string().nullable(),
    runAfter: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('OutboxJob');

const failed = createRoute({
  method: 'get',
  path: '/failed',
  tags: ['outbox'],
  summary: 'Side effects given up on, with their last error (supervisor or admin)',
  security,
  request: { query: z.object({ topic: z.string().optional(), cursor: z.string().optional(), limit: z.string().optional() }) },
  responses: { 200: json(z.object({ jobs: z.array(job), nextCursor: z.string().nullable() }), 'Failed jobs, newest first'), ...errors },
});

export const outboxRoutes = (ctx: ServiceContext) =>
  createRouter().openapi(failed, async (c) => c.json(await listFailedOutbox(ctx, requireActor(c), c.req.valid('query')), 200));
