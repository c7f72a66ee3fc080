import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import type { InboundMessage } from '../../../channels/types.ts';
import type { Tx } from '../../db/client.ts';
import { messages, tickets } from '../../db/schema/index.ts';

type TicketRow = typeof tickets.$inferSelect;

/**
 * The conversation's ticket: by the message it replies to (email), else by the channel's thread key. 'live' is
 * the one not closed, or the live ticket a closed conversation was merged into; 'closed' the latest closed one,
 * which only automatic mail is filed under.
 */
export async function findThreadTicket(tx: Tx, input: InboundMessage, which: 'live' | 'closed') {
  const status = which === 'live' ? ne(tickets.status, 'closed') : eq(tickets.status, 'closed');
  const refs = [input.inReplyTo, ...(input.references ?? []).slice().reverse()].filter((r): r is string => !!r);
  if (refs.length) {
    const rows = await tx
      .select({ ticket: tickets })
      .from(messages)
      .innerJoin(tickets, eq(tickets.id, messages.ticketId))
      .where(and(eq(messages.channel, input.channel), inArray(messages.channelMessageId, refs), status));
    if (rows.length) {
      return rows.map((r) => r.ticket).sort((a, b) => b.lastMessageAt.getTime() - a.lastMessageAt.getTime())[0];
    }
  }
  const [found] = await tx
    .select()
    .from(tickets)
    .where(and(eq(tickets.channel, input.channel), eq(tickets.threadKey, input.threadKey), status))
    .orderBy(desc(tickets.lastMessageAt))
    .limit(1);
  if (found || which === 'closed') return found;
  return mergedSurvivor(tx, input);
}

const MAX_HOPS = 20;

/** The conversation's latest closed ticket, when it was merged: the live ticket at the end of its merges. */
async function mergedSurvivor(tx: Tx, input: InboundMessage): Promise<TicketRow | undefined> {
  const [latest] = await tx
    .select()
    .from(tickets)
    .where(and(eq(tickets.channel, input.channel), eq(tickets.threadKey, input.threadKey), eq(tickets.status, 'closed')))
    .orderBy(desc(tickets.closedAt))
    .limit(1);
  let next = latest?.mergedIntoId;
  for (let hop = 0; next && hop < MAX_HOPS; hop++) {
    const [t] = await tx.select().from(tickets).where(eq(tickets.id, next)).for('update');
    if (!t) return undefined;
    if (t.status !== 'closed') return t;
    next = t.mergedIntoId;
  }
  return undefined;
}
