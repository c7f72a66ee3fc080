import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { getTicket } from '../services/tickets/get-ticket.ts';
import { listTickets, ticketSorts, type ListTicketsInput } from '../services/tickets/list-tickets.ts';
import { ticketsChangedSince } from '../services/tickets/tickets-changed-since.ts';
import { requireActor } from './middleware/require-actor.ts';
import { listOf, manyQuery } from './query-lists.ts';
import { nullableRef } from './nullable-ref.ts';
import { createRouter, errors, json } from './router.ts';
import { csatView, customerView, identityView, messageView, security, ticketEventView, ticketView, uuidParam } from './ticket-schemas.ts';

const listQuery = z.object({
  view: z
    .string()
    .optional()
    .openapi({ description: 'mine | unassigned | all | spam | team:<id> (default all; agents only ever get tickets they may see)' }),
  status: manyQuery('new, open, pending, resolved, closed'),
  channel: manyQuery('email, widget, telegram, api'),
  priority: manyQuery('low, normal, high, urgent'),
  tag: z.string().optional(),
  assigneeId: z.string().optional(),
  teamId: z.string().optional(),
  customerId: z.string().optional(),
  q: z.string().optional().openapi({ description: 'Text in the subject, any message, the customer name or email; or a ticket number' }),
  field: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({ description: 'Custom ticket field `key:value` (repeat for several; all must hold), e.g. field=product:router' }),
  // The supervisor dashboard's numbers as lists (services/tickets/drill-filters.ts).
  queue: z.string().optional().openapi({ description: 'Team id: tickets waiting in that team’s queue' }),
  sla: z.string().optional().openapi({ description: 'at_risk | breached (running SLA targets)' }),
  createdFrom: z.string().optional().openapi({ description: 'ISO 8601 time: created at or after' }),
  responded: z.string().optional().openapi({ description: 'true | false: has had a first response' }),
  resolvedFrom: z.string().optional().openapi({ description: 'ISO 8601 time: resolved at or after' }),
  ratedFrom: z.string().optional().openapi({ description: 'ISO 8601 time: given a CSAT rating at or after' }),
  rating: z.string().optional().openapi({ description: '1-5: rated exactly this' }),
  sort: z.enum(ticketSorts).optional().openapi({ description: 'waiting: unanswered, longest waiting first' }),
  sortField: z.string().optional().openapi({ description: 'Sort by this custom ticket field’s value instead (empty values last)' }),
  cursor: z.string().optional(),
  limit: z.string().optional().openapi({ description: '1-100, default 25' }),
});

/** Not comma-split: a field's value may hold a comma. */
const fieldsOf = (v: string | string[] | undefined) => (v === undefined ? undefined : [v].flat());

const listItem = ticketView.extend({
  customer: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
  preview: z.string().nullable(),
});
const counts = z
  .object({ mine: z.number(), unassigned: z.number(), all: z.number(), teams: z.record(z.string(), z.number()), spam: z.number() })
  .openapi('TicketViewCounts');

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['tickets'],
  summary: 'Tickets in a view, filtered and sorted, a page at a time (counts per view on the first page)',
  security,
  request: { query: listQuery },
  responses: {
    200: json(
      z.object({ tickets: z.array(listItem), nextCursor: z.string().nullable(), counts: nullableRef(counts) }),
      'A page of tickets',
    ),
    ...errors,
  },
});

const changes = createRoute({
  method: 'get',
  path: '/changes',
  tags: ['tickets'],
  summary: 'Tickets changed at or after `since` (reconnect resync); pass back `nextSince`',
  security,
  request: { query: z.object({ since: z.iso.datetime({ offset: true }).openapi({ description: 'ISO 8601 time' }) }) },
  responses: {
    200: json(z.object({ tickets: z.array(ticketView), nextSince: z.string(), truncated: z.boolean() }), 'Changed tickets'),
    ...errors,
  },
});

const detail = z
  .object({
    ticket: ticketView,
    customer: customerView.extend({ identities: z.array(identityView) }),
    team: z.object({ id: z.string(), name: z.string() }).nullable(),
    messages: z.array(messageView),
    events: z.array(ticketEventView),
    people: z.record(z.string(), z.string()).openapi({ description: 'Names of the users the thread and history mention, by id' }),
    csat: z.array(csatView).openapi({ description: 'Satisfaction ratings of this ticket, one per resolution, newest first' }),
  })
  .openapi('TicketDetail');

const get = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['tickets'],
  summary: 'One ticket with its customer, messages, attachments and full history',
  security,
  request: { params: z.object({ id: uuidParam('id') }) },
  responses: { 200: json(detail, 'The ticket'), ...errors },
});

export const ticketRoutes = (ctx: ServiceContext) =>
  createRouter()
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      // Query strings are loose; listTickets parses them and names any bad field.
      const input = {
        ...q,
        status: listOf(q.status),
        channel: listOf(q.channel),
        priority: listOf(q.priority),
        field: fieldsOf(q.field),
      } as ListTicketsInput;
      const result = await listTickets(ctx, requireActor(c), input);
      return c.json(result, 200);
    })
    .openapi(changes, async (c) => c.json(await ticketsChangedSince(ctx, requireActor(c), new Date(c.req.valid('query').since)), 200))
    .openapi(get, async (c) => c.json(await getTicket(ctx, requireActor(c), c.req.valid('param').id), 200));
