import { and, isNull, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { csatResponses, customerIdentities, customers, tickets, widgetVisitors } from '../../db/schema/index.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { afterKeyset, decodeCursor, encodeCursor, keysetOrder, keyValues, type SortKey } from '../keyset.ts';
import { parseInput } from '../parse-input.ts';
import { ACTIVE_STATUSES } from '../tickets/count-ticket-views.ts';
import { visibleTicketsWhere } from '../tickets/visibility.ts';
import { presentCustomer } from './present.ts';

export const listCustomersInput = z.strictObject({
  q: z.string().max(200).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

const keys: SortKey[] = [
  { expr: customers.updatedAt, dir: 'desc', type: 'timestamptz' },
  { expr: customers.id, dir: 'asc', type: 'uuid' },
];

export interface IdentitySummary {
  channel: (typeof customerIdentities.$inferSelect)['channel'];
  externalId: string;
  displayName: string | null;
  username: string | null;
}

/**
 * The Customers page: most recently changed first, merged customers left out. q matches name, email, phone (also
 * by its digits alone), any channel identity (address, Telegram id or @username, visitor id) and what a web-chat
 * visitor typed into the pre-chat form. Counts and ratings are over the tickets the actor may see.
 */
export async function listCustomers(ctx: ServiceContext, actor: Actor, raw: z.input<typeof listCustomersInput> = {}) {
  requireRole(actor, AGENT_ROLES, 'Listing customers');
  const input = parseInput(listCustomersInput, raw);
  const where: (SQL | undefined)[] = [isNull(customers.mergedIntoId)];
  const term = input.q?.trim();
  if (term) where.push(matches(term));
  if (input.cursor) where.push(afterKeyset(keys, decodeCursor(input.cursor, 'customers', keys)));
  const visible = visibleTicketsWhere(actor) ?? sql`true`;
  // Written out: drizzle leaves a selected field's columns unqualified, which inside a subquery means the inner table.
  const id = sql.raw('"customers"."id"');
  const rows = await ctx.db
    .select({
      customer: customers,
      keys: keyValues(keys),
      identities: sql<IdentitySummary[]>`(select coalesce(json_agg(json_build_object('channel', i.channel, 'externalId', i.external_id,
          'displayName', i.display_name, 'username', i.meta->>'username') order by i.created_at), '[]'::json)
        from ${customerIdentities} i where i.customer_id = ${id})`,
      lastContactAt: sql<string | null>`(select max(${tickets.lastCustomerMessageAt}) from ${tickets}
        where ${tickets.customerId} = ${id})`,
      openTickets: sql<number>`(select count(*) from ${tickets} where ${tickets.customerId} = ${id}
        and ${tickets.status} in ${ACTIVE_STATUSES} and not ${tickets.spam} and ${visible})`.mapWith(Number),
      csatAverage: sql<string | null>`(select round(avg(${csatResponses.rating}), 2) from ${csatResponses}
        where ${csatResponses.customerId} = ${id}
        and ${csatResponses.ticketId} in (select ${tickets.id} from ${tickets} where ${visible}))`,
      csatCount: sql<number>`(select count(*) from ${csatResponses} where ${csatResponses.customerId} = ${id}
        and ${csatResponses.ticketId} in (select ${tickets.id} from ${tickets} where ${visible}))`.mapWith(Number),
    })
    .from(customers)
    .where(and(...where))
    .orderBy(...keysetOrder(keys))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    customers: page.map((r) => ({
      ...presentCustomer(r.customer),
      identities: r.identities.slice(0, 10),
      lastContactAt: r.lastContactAt ? new Date(r.lastContactAt).toISOString() : null,
      openTickets: r.openTickets,
      csat: { count: r.csatCount, average: r.csatAverage === null ? null : Number(r.csatAverage) },
    })),
    nextCursor: rows.length > input.limit && last ? encodeCursor('customers', last.keys) : null,
  };
}
export type CustomerListItem = Awaited<ReturnType<typeof listCustomers>>['customers'][number];

function matches(term: string): SQL {
  const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const handle = term.startsWith('@') ? `${term.slice(1).replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const digits = term.replace(/\D/g, '');
  // "+44 20 7946" finds "+44 (20) 7946-0000": phone numbers are compared by their digits once the term is mostly digits.
  const byDigits = digits.length >= 4 && digits.length >= term.replace(/\s/g, '').length - 2;
  return or(
    sql`${customers.name} ilike ${like}`,
    sql`${customers.email} ilike ${like}`,
    sql`${customers.phone} ilike ${like}`,
    byDigits ? sql`regexp_replace(coalesce(${customers.phone}, ''), '\\D', '', 'g') like ${`%${digits}%`}` : undefined,
    sql`exists (select 1 from ${customerIdentities} where ${customerIdentities.customerId} = ${customers.id}
          and (${customerIdentities.externalId} ilike ${like} or ${customerIdentities.displayName} ilike ${like}
            or ${customerIdentities.meta}->>'username' ilike ${handle ?? like}))`,
    sql`exists (select 1 from ${widgetVisitors} where ${widgetVisitors.customerId} = ${customers.id}
          and (${widgetVisitors.name} ilike ${like} or ${widgetVisitors.email} ilike ${like}))`,
  )!;
}
