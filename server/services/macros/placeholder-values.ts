import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { customerIdentities, customers, users, type tickets } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { firstName, type PlaceholderValues } from '../canned-responses/placeholders.ts';

/** The values `{{customer.name}}` and friends take on one ticket, with the actor as the agent. */
export async function placeholderValues(
  db: DbOrTx,
  actor: Actor,
  ticket: Pick<typeof tickets.$inferSelect, 'customerId' | 'number' | 'subject'>,
): Promise<PlaceholderValues> {
  const [customer] = await db.select().from(customers).where(eq(customers.id, ticket.customerId));
  const [identity] = await db
    .select({ displayName: customerIdentities.displayName })
    .from(customerIdentities)
    .where(eq(customerIdentities.customerId, ticket.customerId))
    .orderBy(asc(customerIdentities.createdAt))
    .limit(1);
  const [agent] = actor.type === 'user' ? await db.select({ name: users.name }).from(users).where(eq(users.id, actor.id)) : [];
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
