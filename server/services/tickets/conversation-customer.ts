import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { ChannelKind } from '../../../channels/types.ts';
import type { Tx } from '../../db/client.ts';
import { customerIdentities, customers, inboxes, teamMembers, tickets } from '../../db/schema/index.ts';
import { invalidInput } from '../../invalid-input.ts';

const refuse = (where: string, path: string, message: string, code = 'custom') => invalidInput(where, [{ path, message, code }]);

/** The inbox an agent starts a conversation from: it exists, is enabled, and is of the channel asked for. */
export async function startInbox(tx: Tx, inboxId: string, channel: ChannelKind) {
  const [inbox] = await tx.select().from(inboxes).where(eq(inboxes.id, inboxId));
  if (!inbox) throw refuse('conversation', 'inboxId', 'no such inbox', 'unknown_reference');
  if (inbox.channel !== channel) throw refuse('conversation', 'inboxId', `is a ${inbox.channel} inbox, not ${channel}`);
  if (!inbox.enabled) throw refuse('conversation', 'inboxId', 'this inbox is turned off');
  return inbox;
}

/** The customer picked, or the one they were merged into (an old link still reaches the right person). */
export async function existingCustomer(tx: Tx, customerId: string, where: string): Promise<typeof customers.$inferSelect> {
  const [customer] = await tx.select().from(customers).where(eq(customers.id, customerId));
  if (!customer) throw refuse(where, 'customerId', 'no such customer', 'unknown_reference');
  return customer.mergedIntoId ? existingCustomer(tx, customer.mergedIntoId, where) : customer;
}

async function identityOwner(tx: Tx, channel: ChannelKind, externalId: string) {
  const [row] = await tx
    .select({ customerId: customerIdentities.customerId })
    .from(customerIdentities)
    .where(and(eq(customerIdentities.channel, channel), eq(customerIdentities.externalId, externalId)));
  return row?.customerId ?? null;
}

/** Whom an email goes to: the customer with that address, the picked customer (the address added), or a new one. */
export async function emailCustomer(tx: Tx, to: string, opts: { customerId?: string | undefined; name?: string | undefined }) {
  const address = to.trim().toLowerCase();
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`identity:email:${address}`}, 0))`);
  const owner = await identityOwner(tx, 'email', address);
  if (owner && opts.customerId && owner !== opts.customerId) throw refuse('conversation', 'to', 'this address belongs to another customer');
  if (owner) return owner;
  const customerId = opts.customerId
    ? (await existingCustomer(tx, opts.customerId, 'conversation')).id
    : (
        await tx
          .insert(customers)
          .values({ name: opts.name || null, email: address })
          .returning({ id: customers.id })
      )[0]!.id;
  await tx.insert(customerIdentities).values({ customerId, channel: 'email', externalId: address, displayName: opts.name || null });
  await tx
    .update(customers)
    .set({ email: address })
    .where(and(eq(customers.id, customerId), isNull(customers.email)));
  return customerId;
}

/**
 * A record's customer: the one picked, else the one with that phone number or email address, else a new one known by
 * them (so the next call from that number finds them).
 */
export async function contactCustomer(
  tx: Tx,
  input: {
    customerId?: string | undefined;
    customer?: { name: string; phone?: string | undefined; email?: string | undefined } | undefined;
  },
) {
  if (input.customerId) return (await existingCustomer(tx, input.customerId, 'contact')).id;
  const c = input.customer;
  if (!c) throw refuse('contact', 'customerId', 'pick a customer or give a new one’s name');
  const phone = c.phone?.replace(/[^\d+]/g, '') || undefined;
  const email = c.email?.trim().toLowerCase() || undefined;
  const known = (phone && (await identityOwner(tx, 'phone', phone))) || (email && (await identityOwner(tx, 'email', email)));
  if (known) return known;
  const [row] = await tx
    .insert(customers)
    .values({ name: c.name, phone: phone ?? null, email: email ?? null })
    .returning({ id: customers.id });
  const ids = [
    ...(phone ? [{ channel: 'phone' as const, externalId: phone }] : []),
    ...(email ? [{ channel: 'email' as const, externalId: email }] : []),
  ];
  if (ids.length) await tx.insert(customerIdentities).values(ids.map((i) => ({ ...i, customerId: row!.id, displayName: c.name })));
  return row!.id;
}

/** The Telegram chat a customer has with this bot: the thread of their latest ticket through its inbox. */
export async function telegramThread(tx: Tx, customerId: string, inboxId: string): Promise<string> {
  const [identity] = await tx
    .select({ id: customerIdentities.id })
    .from(customerIdentities)
    .where(and(eq(customerIdentities.customerId, customerId), eq(customerIdentities.channel, 'telegram')));
  if (!identity) throw refuse('conversation', 'customerId', 'this customer has never written to a Telegram bot: a bot cannot write first');
  const [last] = await tx
    .select({ threadKey: tickets.threadKey })
    .from(tickets)
    .where(and(eq(tickets.customerId, customerId), eq(tickets.channel, 'telegram'), eq(tickets.inboxId, inboxId)))
    .orderBy(desc(tickets.createdAt))
    .limit(1);
  if (!last) throw refuse('conversation', 'inboxId', 'this customer has never written to this bot: a bot cannot write first');
  return last.threadKey;
}

/** The team an agent's record belongs to when no inbox says: their first team. */
export async function agentTeam(tx: Tx, userId: string): Promise<string | null> {
  const [row] = await tx.select({ teamId: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, userId)).limit(1);
  return row?.teamId ?? null;
}
