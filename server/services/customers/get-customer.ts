import { and, asc, desc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { customerIdentities, customers, tickets } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { customerCsat } from '../csat/summaries.ts';
import { presentTicket } from '../tickets/present.ts';
import { isUuid, visibleTicketsWhere } from '../tickets/visibility.ts';
import { presentCustomer, presentIdentity } from './present.ts';

const MAX_TICKETS = 50;

/** The customer panel: profile, identities on each channel, their tickets the actor may see (newest first) and their ratings. */
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
  const theirTickets = await ctx.db
    .select()
    .from(tickets)
    .where(and(eq(tickets.customerId, customerId), visibleTicketsWhere(actor)))
    .orderBy(desc(tickets.createdAt))
    .limit(MAX_TICKETS);
  return {
    customer: presentCustomer(customer),
    identities: identities.map(presentIdentity),
    tickets: theirTickets.map(presentTicket),
    csat: await customerCsat(ctx, actor, customerId),
  };
}
