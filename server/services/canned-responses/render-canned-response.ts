import { asc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { customerIdentities, customers, users } from '../../db/schema/index.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { loadVisibleTicket } from '../tickets/visibility.ts';
import { loadVisibleCanned } from './access.ts';
import { fillPlaceholders, firstName, type PlaceholderValues } from './placeholders.ts';

/** A response's text with its placeholders filled for one ticket the actor may see. */
export async function renderCannedResponse(ctx: ServiceContext, actor: Actor, id: string, ticketId: string) {
  requireRole(actor, AGENT_ROLES, 'Using canned responses');
  const canned = await loadVisibleCanned(ctx.db, actor, id);
  const ticket = await loadVisibleTicket(ctx.db, actor, ticketId);
  const [customer] = await ctx.db.select().from(customers).where(eq(customers.id, ticket.customerId));
  const [identity] = await ctx.db
    .select({ displayName: customerIdentities.displayName })
    .from(customerIdentities)
    .where(eq(customerIdentities.customerId, ticket.customerId))
    .orderBy(asc(customerIdentities.createdAt))
    .limit(1);
  const [agent] = actor.type === 'user' ? await ctx.db.select({ name: users.name }).from(users).where(eq(users.id, actor.id)) : [];
  const customerName = customer?.name || identity?.displayName || '';
  const agentName = agent?.name ?? '';
  const values: PlaceholderValues = {
    'customer.name': customerName,
    'customer.first_name': firstName(customerName),
    'customer.email': customer?.email ?? '',
    'agent.name': agentName,
    'agent.first_name': firstName(agentName),
    'ticket.number': String(ticket.number),
    'ticket.subject': ticket.subject,
  };
  return { id: canned.id, text: fillPlaceholders(canned.body, values) };
}
