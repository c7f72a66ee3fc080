import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { customerIdentities, customers, tickets, widgetVisitors } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { customerCsat } from '../csat/summaries.ts';
import { presentTicket } from '../tickets/present.ts';
import { isUuid, visibleTicketsWhere } from '../tickets/visibility.ts';
import { presentCustomer, presentIdentity } from './present.ts';

const MAX_TICKETS = 200;

/**
 * The customer page and panel: profile, identities on each channel (a web-chat visitor with what they typed into the
 * pre-chat form), every ticket of theirs the actor may see in any status (newest first) and their ratings. A merged
 * customer answers with `mergedInto`, the customer everything moved to.
 */
export async function getCustomer(ctx: ServiceContext, actor: Actor, customerId: string) {
  requireRole(actor, AGENT_ROLES, 'Reading customers');
  if (!isUuid(customerId)) throw notFound('Customer');
  const [customer] = await ctx.db.select().from(customers).where(eq(customers.id, customerId));
  if (!customer) throw notFound('Customer');
  const identities = await ctx.db
    .select()
    .from(customerIdentities)
    .where(eq(customerIdentities.customerId, customerId))
    .orderBy(asc(customerIdentities.createdAt));
  const visitors = await visitorsOf(ctx.db, identities);
  const theirTickets = await ctx.db
    .select()
    .from(tickets)
    .where(and(eq(tickets.customerId, customerId), visibleTicketsWhere(actor)))
    .orderBy(desc(tickets.createdAt))
    .limit(MAX_TICKETS);
  return {
    customer: presentCustomer(customer),
    mergedInto: customer.mergedIntoId ? await survivor(ctx.db, customer.mergedIntoId) : null,
    identities: identities.map((i) => ({ ...presentIdentity(i), visitor: visitors.get(i.externalId) ?? null })),
    tickets: theirTickets.map(presentTicket),
    csat: await customerCsat(ctx, actor, customerId),
  };
}

/** Follows merges to the customer that exists now (a merged customer's target may have been merged on since). */
async function survivor(db: DbOrTx, id: string, hops = 0): Promise<{ id: string; name: string | null }> {
  const [row] = await db
    .select({ id: customers.id, name: customers.name, next: customers.mergedIntoId })
    .from(customers)
    .where(eq(customers.id, id));
  if (!row) throw notFound('Customer');
  return row.next && hops < 20 ? survivor(db, row.next, hops + 1) : { id: row.id, name: row.name };
}

async function visitorsOf(db: DbOrTx, identities: (typeof customerIdentities.$inferSelect)[]) {
  const ids = identities.filter((i) => i.channel === 'widget' && isUuid(i.externalId)).map((i) => i.externalId);
  if (!ids.length) return new Map<string, { name: string | null; email: string | null; verified: boolean }>();
  const rows = await db
    .select({
      id: widgetVisitors.id,
      name: widgetVisitors.name,
      email: widgetVisitors.email,
      verifiedUserId: widgetVisitors.verifiedUserId,
    })
    .from(widgetVisitors)
    .where(inArray(widgetVisitors.id, ids));
  return new Map(rows.map((r) => [r.id, { name: r.name, email: r.email, verified: r.verifiedUserId !== null }]));
}
