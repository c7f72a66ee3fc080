import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { businessCalendars, customerIdentities, customers, messages, ticketEvents, tickets } from '../../db/schema/index.ts';
import type { BusinessHours } from '../sla/business-time.ts';
import { toBusinessHours } from '../sla/calendar-input.ts';

type TicketRow = typeof tickets.$inferSelect;

/** Everything a condition may look at, loaded once per evaluation (conditions themselves are pure). */
export interface Facts {
  ticket: TicketRow;
  customer: { tags: string[]; customFields: Record<string, unknown>; locale: string | null; email: string | null };
  /** The message the event is about (customer message, agent reply, note); null for other events. */
  message: { text: string; automated: boolean } | null;
  sender: { address: string | null; domain: string | null };
  /** When the ticket last changed status (or was created). */
  statusChangedAt: Date;
  now: Date;
  calendars: ReadonlyMap<string, BusinessHours>;
}

/** The status-change anchor: the newest history row that changed the status, or the creation. */
export const statusChangedAtSql = (ticketId: unknown) => sql<Date>`(
  select e.created_at from ${ticketEvents} e
  where e.ticket_id = ${ticketId} and e.kind in ('created', 'status_changed', 'reopened')
    and e.from_value is distinct from e.to_value
  order by e.id desc limit 1)`;

export async function loadCalendars(db: DbOrTx, ids: readonly string[]): Promise<Map<string, BusinessHours>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select()
    .from(businessCalendars)
    .where(inArray(businessCalendars.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, toBusinessHours(r)]));
}

const domainOf = (address: string | null) => (address && address.includes('@') ? address.split('@').pop()!.toLowerCase() : null);

export async function loadFacts(
  db: DbOrTx,
  ticket: TicketRow,
  /** firstMessage: for ticket.created (no message on its row), the customer's opening message. */
  opts: { messageId?: string | null; firstMessage?: boolean; calendarIds: readonly string[]; now: Date },
): Promise<Facts> {
  const [customer] = await db.select().from(customers).where(eq(customers.id, ticket.customerId));
  const [message] = opts.messageId
    ? await db.select().from(messages).where(eq(messages.id, opts.messageId))
    : opts.firstMessage
      ? await db
          .select()
          .from(messages)
          .where(and(eq(messages.ticketId, ticket.id), eq(messages.direction, 'in')))
          .orderBy(asc(messages.createdAt))
          .limit(1)
      : [];
  const [identity] = await db
    .select({ externalId: customerIdentities.externalId })
    .from(customerIdentities)
    .where(and(eq(customerIdentities.customerId, ticket.customerId), eq(customerIdentities.channel, message?.channel ?? ticket.channel)))
    .orderBy(desc(customerIdentities.updatedAt), asc(customerIdentities.id))
    .limit(1);
  const [anchor] = await db
    .select({ at: statusChangedAtSql(ticket.id) })
    .from(tickets)
    .where(eq(tickets.id, ticket.id));
  const address = (identity?.externalId.includes('@') ? identity.externalId : customer?.email)?.toLowerCase() ?? null;
  return {
    ticket,
    customer: {
      tags: customer?.tags ?? [],
      customFields: customer?.customFields ?? {},
      locale: customer?.locale ?? null,
      email: customer?.email ?? null,
    },
    message: message ? { text: message.text, automated: message.meta.automated === true || !!message.meta.automatic } : null,
    sender: { address, domain: domainOf(address) },
    statusChangedAt: anchor?.at ? new Date(anchor.at) : ticket.createdAt,
    now: opts.now,
    calendars: await loadCalendars(db, opts.calendarIds),
  };
}
