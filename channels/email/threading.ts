import { and, eq, inArray, or } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { customerIdentities, messages, tickets } from '../../server/db/schema/index.ts';
import { emailMessageId } from '../../server/services/messages/email-message-id.ts';
import type { ParsedEmail } from './parse.ts';

const OUR_ID = /^<sb-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@[^>]+>$/i;
const TOKEN = /\[#(\d{1,15})\]/;

/** Our Message-ID for an outgoing message row: stable across retries, and it names the row it came from. */
export const ourMessageId = emailMessageId;
/** The message row an id of ours names, or null for anyone else's Message-ID. */
export const ourMessageRowId = (messageId: string) => messageId.match(OUR_ID)?.[1]?.toLowerCase() ?? null;
export const ticketToken = (ticketNumber: number) => `[#${ticketNumber}]`;

export interface ThreadDecision {
  threadKey: string;
  via: 'references' | 'token' | 'new';
  ticketId?: string;
}

/**
 * Which conversation a mail belongs to: In-Reply-To/References against stored Message-IDs (ours name the
 * message row), then a `[#1234]` subject token, but only from that ticket's customer or someone who wrote
 * on it, so copying a number never reaches into another customer's ticket. Otherwise a new thread.
 */
export async function resolveThread(ctx: ServiceContext, email: ParsedEmail): Promise<ThreadDecision> {
  const refs = [email.inReplyTo, ...email.references.slice().reverse()].filter((r): r is string => !!r);
  if (refs.length) {
    const rowIds = refs.map(ourMessageRowId).filter((id): id is string => !!id);
    const match = rowIds.length
      ? or(inArray(messages.id, rowIds), inArray(messages.channelMessageId, refs))
      : inArray(messages.channelMessageId, refs);
    const all = await ctx.db
      .select({ id: tickets.id, threadKey: tickets.threadKey, ref: messages.channelMessageId, rowId: messages.id })
      .from(messages)
      .innerJoin(tickets, eq(tickets.id, messages.ticketId))
      .where(and(eq(messages.channel, 'email'), match));
    for (const ref of refs) {
      const rowId = ourMessageRowId(ref);
      const hit = all.find((f) => f.ref === ref || (rowId && f.rowId === rowId));
      if (hit) return { threadKey: hit.threadKey, via: 'references', ticketId: hit.id };
    }
  }
  const token = email.subject.match(TOKEN)?.[1];
  if (token && email.from) {
    const [ticket] = await ctx.db
      .select({ id: tickets.id, threadKey: tickets.threadKey, customerId: tickets.customerId })
      .from(tickets)
      .where(and(eq(tickets.number, Number(token)), eq(tickets.channel, 'email')));
    if (ticket && (await isParticipant(ctx, ticket, email.from.address))) {
      return { threadKey: ticket.threadKey, via: 'token', ticketId: ticket.id };
    }
  }
  return { threadKey: email.references[0] ?? email.inReplyTo ?? email.messageId, via: 'new' };
}

async function isParticipant(ctx: ServiceContext, ticket: { id: string; customerId: string }, address: string): Promise<boolean> {
  const [identity] = await ctx.db
    .select({ customerId: customerIdentities.customerId })
    .from(customerIdentities)
    .where(and(eq(customerIdentities.channel, 'email'), eq(customerIdentities.externalId, address.toLowerCase())));
  if (!identity) return false;
  if (identity.customerId === ticket.customerId) return true;
  const [wrote] = await ctx.db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.ticketId, ticket.id), eq(messages.customerId, identity.customerId)))
    .limit(1);
  return !!wrote;
}
