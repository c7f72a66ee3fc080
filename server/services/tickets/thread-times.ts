import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { messages } from '../../db/schema/index.ts';

/**
 * A ticket's message times read again from its thread, after messages moved in or out (merge, split): the
 * list's order, unread marker and waiting time follow what the thread now holds.
 */
export async function threadTimes(tx: Tx, ticketId: string) {
  const [row] = await tx
    .select({
      lastMessageAt: sql<string | null>`max(${messages.createdAt}) filter (where ${messages.direction} <> 'note')`,
      lastCustomerMessageAt: sql<string | null>`max(${messages.createdAt}) filter (where ${messages.direction} = 'in')`,
      lastAgentMessageAt: sql<string | null>`max(${messages.createdAt}) filter (where ${messages.direction} = 'out')`,
      firstAgentMessageAt: sql<string | null>`min(${messages.createdAt}) filter (where ${messages.direction} = 'out')`,
    })
    .from(messages)
    .where(eq(messages.ticketId, ticketId));
  const at = (v: string | null | undefined) => (v ? new Date(v) : null);
  return {
    lastMessageAt: at(row?.lastMessageAt),
    lastCustomerMessageAt: at(row?.lastCustomerMessageAt),
    lastAgentMessageAt: at(row?.lastAgentMessageAt),
    firstAgentMessageAt: at(row?.firstAgentMessageAt),
  };
}
