import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { bulkUpdateInput, bulkUpdateTickets, MAX_BULK_TICKETS } from '../services/tickets/bulk-update.ts';
import { snooze, snoozeInput } from '../services/tickets/snooze.ts';
import { errorCodes } from '../errors.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { conflict, security, ticketView, tooLarge, uuidParam } from './ticket-schemas.ts';

const bulkResult = z.union([
  z.object({ ticketId: z.string(), result: z.literal('applied'), ticket: ticketView }),
  z.object({ ticketId: z.string(), result: z.literal('refused'), error: z.object({ code: z.enum(errorCodes), message: z.string() }) }),
]);

const bulk = createRoute({
  method: 'post',
  path: '/bulk',
  tags: ['tickets'],
  summary: `Assign, move to a team, tag, change status or priority of up to ${MAX_BULK_TICKETS} tickets; each is checked and reported on its own`,
  security,
  request: { body: { required: true, content: { 'application/json': { schema: bulkUpdateInput } } } },
  responses: {
    200: json(
      z.object({ applied: z.number().int(), refused: z.number().int(), results: z.array(bulkResult) }).openapi('BulkTicketResult'),
      'What happened to each ticket: applied, or refused with the reason',
    ),
    ...errors,
    ...tooLarge,
  },
});

const snoozeRoute = createRoute({
  method: 'post',
  path: '/{id}/snooze',
  tags: ['tickets'],
  summary: 'Snooze until a time: pending now, open again (and the assignee notified) then, or when the customer writes',
  security,
  request: {
    params: z.object({ id: uuidParam('id') }),
    body: { required: true, content: { 'application/json': { schema: snoozeInput } } },
  },
  responses: { 200: json(z.object({ ticket: ticketView }), 'The snoozed ticket'), ...errors, ...conflict, ...tooLarge },
});

export const ticketBulkRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(bulk, async (c) => c.json(await bulkUpdateTickets(ctx, requireActor(c), c.req.valid('json')), 200))
    .openapi(snoozeRoute, async (c) =>
      c.json({ ticket: await snooze(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json')) }, 200),
    );
