import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { ticketLinkKinds } from '../db/schema/index.ts';
import { linkTickets, linkTicketsInput, unlinkTickets } from '../services/tickets/link-tickets.ts';
import { listTicketLinks } from '../services/tickets/list-ticket-links.ts';
import { mergeTickets, mergeTicketsInput } from '../services/tickets/merge-tickets.ts';
import { splitTicket, splitTicketInput } from '../services/tickets/split-ticket.ts';
import { requireActor } from './middleware/require-actor.ts';
import { createRouter, errors, json } from './router.ts';
import { conflict, security, ticketView, tooLarge, uuidParam } from './ticket-schemas.ts';

const params = z.object({ id: uuidParam('id') });
const body = <S extends z.ZodType>(schema: S) => ({ required: true, content: { 'application/json': { schema } } });

const linksView = z
  .object({
    mergedInto: z.object({ id: z.string(), number: z.number().int() }).nullable(),
    links: z.array(
      z.object({
        kind: z.enum(ticketLinkKinds),
        direction: z.enum(['out', 'in']).openapi({ description: 'out: this ticket was merged into, split from or linked to the other' }),
        ticket: z.object({ id: z.string(), number: z.number().int(), subject: z.string(), status: z.string(), channel: z.string() }),
      }),
    ),
  })
  .openapi('TicketLinks');

const merge = createRoute({
  method: 'post',
  path: '/{id}/merge',
  tags: ['tickets'],
  summary:
    'Merge this ticket into targetId: messages move there, this one closes with a link (another customer’s ticket needs confirmOtherCustomer)',
  security,
  request: { params, body: body(mergeTicketsInput) },
  responses: {
    200: json(
      z.object({ ticket: ticketView, merged: ticketView, movedMessages: z.number().int() }),
      'The surviving ticket and the merged one',
    ),
    ...errors,
    ...conflict,
    ...tooLarge,
  },
});

const split = createRoute({
  method: 'post',
  path: '/{id}/split',
  tags: ['tickets'],
  summary: 'Split a customer message (and optionally the ones after it) off into a new linked ticket',
  security,
  request: { params, body: body(splitTicketInput) },
  responses: {
    201: json(z.object({ ticket: ticketView, from: ticketView, movedMessages: z.number().int() }), 'The new ticket and this one'),
    ...errors,
    ...conflict,
    ...tooLarge,
  },
});

const list = createRoute({
  method: 'get',
  path: '/{id}/links',
  tags: ['tickets'],
  summary: 'Merged, split and related tickets of this one (both directions, those you may see)',
  security,
  request: { params },
  responses: { 200: json(linksView, 'The links'), ...errors },
});

const link = createRoute({
  method: 'post',
  path: '/{id}/links',
  tags: ['tickets'],
  summary: 'Link a related ticket (shown on both)',
  security,
  request: { params, body: body(linkTicketsInput) },
  responses: { 201: json(linksView, 'The links after the change'), ...errors, ...conflict, ...tooLarge },
});

const unlink = createRoute({
  method: 'delete',
  path: '/{id}/links/{otherId}',
  tags: ['tickets'],
  summary: 'Remove a related link',
  security,
  request: { params: z.object({ id: uuidParam('id'), otherId: uuidParam('otherId') }) },
  responses: { 200: json(linksView, 'The links after the change'), ...errors },
});

export const ticketLinkRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(merge, async (c) => c.json(await mergeTickets(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(split, async (c) => c.json(await splitTicket(ctx, requireActor(c), c.req.valid('param').id, c.req.valid('json')), 201))
    .openapi(list, async (c) => c.json(await listTicketLinks(ctx, requireActor(c), c.req.valid('param').id), 200))
    .openapi(link, async (c) => {
      const actor = requireActor(c);
      const { id } = c.req.valid('param');
      await linkTickets(ctx, actor, id, c.req.valid('json'));
      return c.json(await listTicketLinks(ctx, actor, id), 201);
    })
    .openapi(unlink, async (c) => {
      const actor = requireActor(c);
      const { id, otherId } = c.req.valid('param');
      await unlinkTickets(ctx, actor, id, otherId);
      return c.json(await listTicketLinks(ctx, actor, id), 200);
    });
