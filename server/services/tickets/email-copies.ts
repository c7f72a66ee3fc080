import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db/client.ts';
import { customerIdentities, messages, type tickets } from '../../db/schema/index.ts';
import { invalidInput } from '../../invalid-input.ts';

/** Email addresses as a reply, forward or new conversation takes them (CC, BCC, forward To). */
export const addressList = z.array(z.email('must be an email address').max(320)).max(50, 'at most 50 addresses');

const lower = (list: string[]) => [...new Set(list.map((a) => a.trim().toLowerCase()))];

/**
 * The copies of an email reply, kept in the message's meta for the adapter. Without a CC of the agent's own choosing
 * the reply copies whom the customer's last mail copied (as Zendesk and Zammad do); the customer is never a copy.
 * Other channels have no copies: asking for one is refused, naming the field.
 */
export async function emailCopies(
  tx: Tx,
  ticket: typeof tickets.$inferSelect,
  input: { cc?: string[] | undefined; bcc?: string[] | undefined },
): Promise<{ cc?: string[]; bcc?: string[] }> {
  if (ticket.channel !== 'email') {
    const field = input.cc?.length ? 'cc' : input.bcc?.length ? 'bcc' : null;
    if (field)
      throw invalidInput('reply', [{ path: field, message: `only email has copies, this ticket is ${ticket.channel}`, code: 'custom' }]);
    return {};
  }
  const customer = await tx
    .select({ address: customerIdentities.externalId })
    .from(customerIdentities)
    .where(and(eq(customerIdentities.customerId, ticket.customerId), eq(customerIdentities.channel, 'email')));
  const theirs = new Set(customer.map((c) => c.address.toLowerCase()));
  const cc = lower(input.cc ?? (await lastCustomerCc(tx, ticket.id))).filter((a) => !theirs.has(a));
  const bcc = lower(input.bcc ?? []).filter((a) => !theirs.has(a) && !cc.includes(a));
  return { ...(cc.length ? { cc } : {}), ...(bcc.length ? { bcc } : {}) };
}

/** Whom the customer's latest mail on the ticket copied. */
export async function lastCustomerCc(tx: Tx, ticketId: string): Promise<string[]> {
  const [last] = await tx
    .select({ meta: messages.meta })
    .from(messages)
    .where(and(eq(messages.ticketId, ticketId), eq(messages.direction, 'in')))
    .orderBy(desc(messages.createdAt))
    .limit(1);
  const cc = (last?.meta.email as { cc?: unknown } | undefined)?.cc;
  return Array.isArray(cc) ? cc.filter((a): a is string => typeof a === 'string' && z.email().safeParse(a).success) : [];
}
