import { asc, eq, inArray } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { attachments, customerIdentities, customers, messages, teams, ticketEvents, users } from '../../db/schema/index.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { ticketCsat } from '../csat/summaries.ts';
import { presentCustomer, presentIdentity } from '../customers/present.ts';
import { presentEvent, presentMessage, presentTicket } from './present.ts';
import { loadVisibleTicket } from './visibility.ts';

/**
 * Everything the console shows for one ticket: the ticket, its customer with identities, the thread with
 * attachments, the full history and its satisfaction ratings. `people` names every user the thread and history mention.
 */
export async function getTicket(ctx: ServiceContext, actor: Actor, ticketId: string) {
  requireRole(actor, AGENT_ROLES, 'Reading tickets');
  const db = ctx.db;
  const ticket = await loadVisibleTicket(db, actor, ticketId);
  const [customer] = await db.select().from(customers).where(eq(customers.id, ticket.customerId));
  const identities = await db
    .select()
    .from(customerIdentities)
    .where(eq(customerIdentities.customerId, ticket.customerId))
    .orderBy(asc(customerIdentities.createdAt));
  const thread = await db
    .select()
    .from(messages)
    .where(eq(messages.ticketId, ticket.id))
    .orderBy(asc(messages.createdAt), asc(messages.id));
  const files = thread.length
    ? await db
        .select()
        .from(attachments)
        .where(
          inArray(
            attachments.messageId,
            thread.map((m) => m.id),
          ),
        )
        .orderBy(asc(attachments.createdAt))
    : [];
  const history = await db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id)).orderBy(asc(ticketEvents.id));
  const [team] = ticket.teamId ? await db.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.id, ticket.teamId)) : [];

  const userIds = new Set<string>();
  if (ticket.assigneeId) userIds.add(ticket.assigneeId);
  for (const m of thread) if (m.authorUserId) userIds.add(m.authorUserId);
  for (const e of history) {
    if (e.actorType === 'user' && e.actorId) userIds.add(e.actorId);
    if (e.kind === 'assigned') for (const v of [e.fromValue, e.toValue]) if (v) userIds.add(v);
    if (e.kind === 'transferred') for (const v of [e.data.fromAssigneeId, e.data.toAssigneeId]) if (typeof v === 'string') userIds.add(v);
  }
  const people = userIds.size
    ? await db
        .select({ id: users.id, name: users.name })
        .from(users)
        .where(inArray(users.id, [...userIds]))
    : [];

  return {
    ticket: presentTicket(ticket),
    customer: { ...presentCustomer(customer!), identities: identities.map(presentIdentity) },
    team: team ?? null,
    messages: thread.map((m) =>
      presentMessage(
        m,
        files.filter((f) => f.messageId === m.id),
      ),
    ),
    events: history.map(presentEvent),
    people: Object.fromEntries(people.map((p) => [p.id, p.name])) as Record<string, string>,
    /** The customer's ratings of this ticket, one per resolution, newest first. */
    csat: await ticketCsat(db, ticket.id),
  };
}
