import { asc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { customerIdentities, customers, tickets, users } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { fillPlaceholders, firstName, type PlaceholderValues } from '../canned-responses/placeholders.ts';

type TicketRow = typeof tickets.$inferSelect;

/** Canned-response placeholders for one ticket; `agent.*` is the ticket's assignee when a rule (no person) acts. */
export async function placeholderValues(tx: Tx, ticket: TicketRow, actor: Actor): Promise<PlaceholderValues> {
  const [customer] = await tx.select().from(customers).where(eq(customers.id, ticket.customerId));
  const [identity] = await tx
    .select({ displayName: customerIdentities.displayName })
    .from(customerIdentities)
    .where(eq(customerIdentities.customerId, ticket.customerId))
    .orderBy(asc(customerIdentities.createdAt))
    .limit(1);
  const agentId = actor.type === 'user' ? actor.id : ticket.assigneeId;
  const [agent] = agentId ? await tx.select({ name: users.name }).from(users).where(eq(users.id, agentId)) : [];
  const customerName = customer?.name || identity?.displayName || '';
  const agentName = agent?.name ?? '';
  return {
    'customer.name': customerName,
    'customer.first_name': firstName(customerName),
    'customer.email': customer?.email ?? '',
    'agent.name': agentName,
    'agent.first_name': firstName(agentName),
    'ticket.number': String(ticket.number),
    'ticket.subject': ticket.subject,
  };
}

export const fill = fillPlaceholders;
