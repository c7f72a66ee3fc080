import { and, count, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { csatResponses, customerIdentities, customers, messages, tickets, widgetVisitors } from '../../db/schema/index.ts';
import { ACTIVE_STATUSES } from '../tickets/count-ticket-views.ts';

/** What belongs to a customer and moves with a merge; compared before and after so that nothing is lost. */
export interface CustomerHoldings {
  identities: number;
  tickets: number;
  openTickets: number;
  messages: number;
  ratings: number;
  visitors: number;
}

export async function countHoldings(db: DbOrTx, customerId: string): Promise<CustomerHoldings> {
  const n = async (q: Promise<{ n: number }[]>) => (await q)[0]?.n ?? 0;
  const own = eq(tickets.customerId, customerId);
  return {
    identities: await n(db.select({ n: count() }).from(customerIdentities).where(eq(customerIdentities.customerId, customerId))),
    tickets: await n(db.select({ n: count() }).from(tickets).where(own)),
    openTickets: await n(
      db
        .select({ n: count() })
        .from(tickets)
        .where(and(own, inArray(tickets.status, ACTIVE_STATUSES))),
    ),
    // A conversation's messages, agents' replies and notes included: what the customer's history shows.
    messages: await n(db.select({ n: count() }).from(messages).innerJoin(tickets, eq(tickets.id, messages.ticketId)).where(own)),
    ratings: await n(db.select({ n: count() }).from(csatResponses).where(eq(csatResponses.customerId, customerId))),
    visitors: await n(db.select({ n: count() }).from(widgetVisitors).where(eq(widgetVisitors.customerId, customerId))),
  };
}

export const addHoldings = (a: CustomerHoldings, b: CustomerHoldings): CustomerHoldings =>
  Object.fromEntries(
    Object.keys(a).map((k) => [k, a[k as keyof CustomerHoldings] + b[k as keyof CustomerHoldings]]),
  ) as unknown as CustomerHoldings;

type CustomerRow = typeof customers.$inferSelect;

/**
 * The surviving customer's fields after a merge: its own values stay, the merged one fills what it lacks; tags are
 * the union, notes both (the survivor's first).
 */
export function mergedFields(into: CustomerRow, from: CustomerRow) {
  const notes = [into.notes, from.notes].filter((x): x is string => !!x?.trim());
  return {
    name: into.name ?? from.name,
    email: into.email ?? from.email,
    phone: into.phone ?? from.phone,
    locale: into.locale ?? from.locale,
    tier: into.tier ?? from.tier,
    tags: [...new Set([...into.tags, ...from.tags])],
    notes: notes.length ? [...new Set(notes)].join('\n\n').slice(0, 20_000) : null,
  };
}
