import { and, arrayContains, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { channelKinds, customers, messages, priorities, tickets, ticketSortExprs, ticketStatuses } from '../../db/schema/index.ts';
import { invalid } from '../../errors.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { fieldFilter, fieldFilterWhere } from '../custom-fields/field-filter.ts';
import { fieldSortKeys } from '../custom-fields/field-sort.ts';
import { fieldKey } from '../custom-fields/field-input.ts';
import { afterKeyset, decodeCursor, encodeCursor, keysetOrder, keyValues, type SortKey } from '../keyset.ts';
import { parseInput } from '../parse-input.ts';
import { tagSchema } from '../tags.ts';
import { countTicketViews } from './count-ticket-views.ts';
import { drillFilterFields, drillWhere } from './drill-filters.ts';
import { presentTicket } from './present.ts';
import { ticketTextMatch } from './ticket-search.ts';
import { visibleTicketsWhere } from './visibility.ts';

export const ticketSorts = ['waiting', 'priority', 'updated', 'created'] as const;

export const listTicketsInput = z.strictObject({
  view: z.union([z.enum(['mine', 'unassigned', 'all', 'spam']), z.templateLiteral(['team:', z.uuid()])]).default('all'),
  status: z.array(z.enum(ticketStatuses)).optional(),
  channel: z.array(z.enum(channelKinds)).optional(),
  priority: z.array(z.enum(priorities)).optional(),
  tag: tagSchema.optional(),
  assigneeId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  q: z.string().max(200).optional(),
  /** Custom ticket fields, `key:value` each (all must hold). */
  field: z.array(fieldFilter).max(10).optional(),
  ...drillFilterFields,
  sort: z.enum(ticketSorts).default('updated'),
  /** Sort by a custom ticket field instead (empty values last); replaces `sort`. */
  sortField: fieldKey.optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type ListTicketsInput = z.input<typeof listTicketsInput>;

const { waitingSince, unanswered, priorityRank } = ticketSortExprs(tickets);
const byId: SortKey = { expr: tickets.id, dir: 'asc', type: 'uuid' };

const sortKeys: Record<(typeof ticketSorts)[number], SortKey[]> = {
  waiting: [{ expr: unanswered, dir: 'asc', type: 'int' }, { expr: waitingSince, dir: 'asc', type: 'timestamptz' }, byId],
  priority: [{ expr: priorityRank, dir: 'desc', type: 'int' }, { expr: waitingSince, dir: 'asc', type: 'timestamptz' }, byId],
  updated: [{ expr: tickets.updatedAt, dir: 'desc', type: 'timestamptz' }, byId],
  created: [{ expr: tickets.createdAt, dir: 'desc', type: 'timestamptz' }, byId],
};

/** The last customer or agent message, for the list's one-line preview (notes stay out of it). */
const preview = sql<string | null>`(select left(${messages.text}, 160) from ${messages}
  where ${messages.ticketId} = ${tickets.id} and ${messages.direction} <> 'note'
  order by ${messages.createdAt} desc limit 1)`;

/** The console's ticket lists: a view, filters, a sort and a stable cursor. Agents only ever get tickets they may see. */
export async function listTickets(ctx: ServiceContext, actor: Actor, raw: ListTicketsInput = {}) {
  requireRole(actor, AGENT_ROLES, 'Listing tickets');
  const input = parseInput(listTicketsInput, raw);
  const keys = input.sortField ? await fieldSortKeys(ctx.db, input.sortField) : sortKeys[input.sort];
  const sortName = input.sortField ? `field:${input.sortField}` : input.sort;
  const where = ticketListWhere(actor, input, ctx.now());
  if (input.cursor) where.push(afterKeyset(keys, decodeCursor(input.cursor, sortName, keys)));

  const rows = await ctx.db
    .select({
      ticket: tickets,
      customer: { id: customers.id, name: customers.name, email: customers.email },
      preview,
      keys: keyValues(keys),
    })
    .from(tickets)
    .innerJoin(customers, eq(customers.id, tickets.customerId))
    .where(and(...where))
    .orderBy(...keysetOrder(keys))
    .limit(input.limit + 1);

  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    tickets: page.map((r) => ({ ...presentTicket(r.ticket), customer: r.customer, preview: r.preview })),
    nextCursor: rows.length > input.limit && last ? encodeCursor(sortName, last.keys) : null,
    counts: input.cursor ? null : await countTicketViews(ctx, actor),
  };
}

/** The list's filters as SQL, visibility included; saved views count their tickets with the same conditions. */
export function ticketListWhere(
  actor: Actor,
  input: Omit<z.output<typeof listTicketsInput>, 'cursor' | 'limit'>,
  now: Date,
): (SQL | undefined)[] {
  const where: (SQL | undefined)[] = [visibleTicketsWhere(actor), ...viewWhere(actor, input.view)];
  if (input.status?.length) where.push(inArray(tickets.status, input.status));
  if (input.channel?.length) where.push(inArray(tickets.channel, input.channel));
  if (input.priority?.length) where.push(inArray(tickets.priority, input.priority));
  if (input.tag) where.push(arrayContains(tickets.tags, [input.tag]));
  if (input.assigneeId) where.push(eq(tickets.assigneeId, input.assigneeId));
  if (input.teamId) where.push(eq(tickets.teamId, input.teamId));
  if (input.customerId) where.push(eq(tickets.customerId, input.customerId));
  if (input.q) where.push(ticketTextMatch(input.q));
  where.push(...fieldFilterWhere(input.field));
  where.push(...drillWhere(input, now));
  return where;
}

/** A blocked customer's tickets are in the Spam view only. */
function viewWhere(actor: Actor, view: string): (SQL | undefined)[] {
  if (view === 'spam') return [eq(tickets.spam, true)];
  const notSpam = eq(tickets.spam, false);
  if (view === 'mine') {
    if (actor.type !== 'user') throw invalid('view: "mine" needs a signed-in user', [{ path: 'view', message: 'no user' }]);
    return [notSpam, eq(tickets.assigneeId, actor.id)];
  }
  if (view === 'unassigned') return [notSpam, isNull(tickets.assigneeId)];
  if (view.startsWith('team:')) return [notSpam, eq(tickets.teamId, view.slice(5))];
  return [notSpam];
}
