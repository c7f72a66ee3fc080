import { createRoute, z } from '@hono/zod-openapi';
import { sanitizeEmailHtml } from '../../channels/email/sanitize.ts';
import { inboundMessageSchema } from '../../channels/types.ts';
import type { ServiceContext } from '../context.ts';
import { requireRole, AGENT_ROLES } from '../services/actor.ts';
import { ingestWithFields, ingestFieldsSchema } from '../services/custom-fields/ingest-fields.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';

const ingestResult = z
  .object({
    ticketId: z.string(),
    ticketNumber: z.number(),
    messageId: z.string(),
    customerId: z.string(),
    duplicate: z.boolean(),
    ticketCreated: z.boolean(),
    reopened: z.boolean(),
  })
  .openapi('IngestResult');

const route = createRoute({
  method: 'post',
  path: '/',
  tags: ['ingest'],
  summary:
    'Feed one customer message in (the API channel). Replays with the same externalMessageId are no-ops. ' +
    'ticketFields / customerFields set custom fields (checked before anything is stored).',
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: inboundMessageSchema.extend(ingestFieldsSchema) } } } },
  responses: {
    200: json(ingestResult, 'Already stored: nothing was written'),
    201: json(ingestResult, 'Stored'),
    ...errors,
  },
});

export const ingestRoutes = (ctx: ServiceContext) =>
  createRouter().openapi(route, async (c) => {
    const actor = requireActor(c);
    requireRole(actor, AGENT_ROLES, 'Feeding messages in');
    const { ticketFields, customerFields, ...input } = c.req.valid('json');
    // ingest() stores html as its adapter gives it; for HTML from outside, this route is that adapter.
    const message = input.html === undefined ? input : { ...input, html: sanitizeEmailHtml(input.html) };
    const result = await ingestWithFields(ctx, actor, message, { ticketFields, customerFields }, { feeder: actor });
    return c.json(result, result.duplicate ? 200 : 201);
  });
