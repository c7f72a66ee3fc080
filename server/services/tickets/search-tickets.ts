import { and, arrayContains, eq, gte, inArray, isNull, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { channelKinds, customers, tickets, ticketStatuses, users } from '../../db/schema/index.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { afterKeyset, decodeCursor, encodeCursor, keysetOrder, keyValues, type SortKey } from '../keyset.ts';
import { parseInput } from '../parse-input.ts';
import { MAX_TAGS, tagSchema } from '../tags.ts';
import { highlight, matchingMessageText, ticketTextMatch } from './ticket-search.ts';
import { visibleTicketsWhere } from './visibility.ts';

const day = z.iso.date().or(z.iso.datetime({ offset: true }));

export const searchTicketsInput = z
  .strictObject({
    q: z.string().trim().min(1, 'type a word to search for').max(200),
    status: z.array(z.enum(ticketStatuses)).optional(),
    channel: z.array(z.enum(channelKinds)).optional(),
    customerId: z.uuid().optional(),
    assigneeId: z.union([z.uuid(), z.literal('none')]).optional(),
    tags: z.array(tagSchema).max(MAX_TAGS).optional(),
    from: day.optional().describe('Created on or after (a date is its start, UTC)'),
    to: day.optional().describe('Created before the end of (a date includes the whole day, UTC)'),
    cursor: z.string().max(2000).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .refine((v) => !v.from || !v.to || startOf(v.from) < endOf(v.to), { message: 'the range ends before it starts', path: ['to'] });
export type SearchTicketsInput = z.input<typeof searchTicketsInput>;

const startOf = (v: string) => new Date(v.length === 10 ? `${v}T00:00:00Z` : v);
const endOf = (v: string) => (v.length === 10 ? new Date(startOf(v).getTime() + 86_400_000) : new Date(v));

const SORT = 'recent';
const keys: SortKey[] = [
  { expr: tickets.lastMessageAt, dir: 'desc', type: 'timestamptz' },
  { expr: tickets.id, dir: 'asc', type: 'uuid' },
];

/**
 * One search over every ticket the actor may see (the inbox's visibility rule), in any status, newest activity
 * first, a page at a time. Each result names where the term was found, as plain-text pieces with the term marked.
 */
export async function searchTickets(ctx: ServiceContext, actor: Actor, raw: SearchTicketsInput) {
  requireRole(actor, AGENT_ROLES, 'Searching tickets');
  const input = parseInput(searchTicketsInput, raw);
  const where: (SQL | undefined)[] = [visibleTicketsWhere(actor), eq(tickets.spam, false), ticketTextMatch(input.q)];
  if (input.status?.length) where.push(inArray(tickets.status, input.status));
  if (input.channel?.length) where.push(inArray(tickets.channel, input.channel));
  if (input.customerId) where.push(eq(tickets.customerId, input.customerId));
  if (input.assigneeId) where.push(input.assigneeId === 'none' ? isNull(tickets.assigneeId) : eq(tickets.assigneeId, input.assigneeId));
  if (input.tags?.length) where.push(arrayContains(tickets.tags, input.tags));
  if (input.from) where.push(gte(tickets.createdAt, startOf(input.from)));
  if (input.to) where.push(lt(tickets.createdAt, endOf(input.to)));
  if (input.cursor) where.push(afterKeyset(keys, decodeCursor(input.cursor, SORT, keys)));

  const rows = await ctx.db
    .select({
      ticket: tickets,
      customer: { id: customers.id, name: customers.name, email: customers.email },
      assignee: { id: users.id, name: users.name },
      text: matchingMessageText(input.q),
      keys: keyValues(keys),
    })
    .from(tickets)
    .innerJoin(customers, eq(customers.id, tickets.customerId))
    .leftJoin(users, eq(users.id, tickets.assigneeId))
    .where(and(...where))
    .orderBy(...keysetOrder(keys))
    .limit(input.limit + 1);

  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    results: page.map(({ ticket: t, customer, assignee, text }) => ({
      id: t.id,
      number: t.number,
      status: t.status,
      channel: t.channel,
      priority: t.priority,
      tags: t.tags,
      mergedIntoId: t.mergedIntoId,
      lastMessageAt: t.lastMessageAt.toISOString(),
      createdAt: t.createdAt.toISOString(),
      customer,
      assignee: assignee?.id ? { id: assignee.id, name: assignee.name } : null,
      subject: highlight(t.subject, input.q, 500)?.parts ?? [{ text: t.subject, match: false }],
      snippet: (text && highlight(text, input.q)?.parts) || null,
    })),
    nextCursor: rows.length > input.limit && last ? encodeCursor(SORT, last.keys) : null,
  };
}
