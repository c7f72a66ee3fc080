import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceContext } from '../context.ts';
import { channelKinds, priorities, ticketStatuses } from '../db/schema/index.ts';
import { searchTickets, type SearchTicketsInput } from '../services/tickets/search-tickets.ts';
import { requireActor } from './middleware/require-actor.ts';
import { listOf, manyQuery } from './query-lists.ts';
import { createRouter, errors, json } from './router.ts';
import { security } from './ticket-schemas.ts';

const query = z.object({
  q: z
    .string()
    .optional()
    .openapi({ description: 'Words in the subject or any message (any language), the customer’s name or email, or #1234' }),
  status: manyQuery('new, open, pending, resolved, closed (default: any)'),
  channel: manyQuery('email, widget, telegram, api, phone, in_person'),
  customerId: z.string().optional(),
  assigneeId: z.string().optional().openapi({ description: 'A user id, or none' }),
  tag: manyQuery('Tickets carrying every one of these tags'),
  from: z.string().optional().openapi({ description: 'Created on or after: YYYY-MM-DD or an ISO 8601 time' }),
  to: z.string().optional().openapi({ description: 'Created on or before: YYYY-MM-DD (the whole day) or an ISO 8601 time' }),
  cursor: z.string().optional(),
  limit: z.string().optional().openapi({ description: '1-50, default 20' }),
});

const part = z.object({ text: z.string(), match: z.boolean() });
const result = z
  .object({
    id: z.string(),
    number: z.number().int(),
    status: z.enum(ticketStatuses),
    channel: z.enum(channelKinds),
    priority: z.enum(priorities),
    tags: z.array(z.string()),
    mergedIntoId: z.string().nullable(),
    lastMessageAt: z.string(),
    createdAt: z.string(),
    customer: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
    assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
    subject: z.array(part).openapi({ description: 'The subject as plain-text pieces; match marks the term' }),
    snippet: z.array(part).nullable().openapi({ description: 'Around the term in the newest message containing it; plain text' }),
  })
  .openapi('TicketSearchResult');

const search = createRoute({
  method: 'get',
  path: '/tickets',
  tags: ['search'],
  summary: 'Search every ticket you may see, any status, newest activity first, a page at a time',
  security,
  request: { query },
  responses: { 200: json(z.object({ results: z.array(result), nextCursor: z.string().nullable() }), 'A page of matches'), ...errors },
});

export const searchRoutes = (ctx: ServiceContext) =>
  createRouter().openapi(search, async (c) => {
    const { tag, ...q } = c.req.valid('query');
    // Query strings are loose; searchTickets parses them and names any bad field.
    const input = { ...q, q: q.q ?? '', status: listOf(q.status), channel: listOf(q.channel), tags: listOf(tag) } as SearchTicketsInput;
    return c.json(await searchTickets(ctx, requireActor(c), input), 200);
  });
