import { and, asc, desc, eq, isNotNull, lt, ne } from 'drizzle-orm';
import type { OutboundMessage } from '../../../channels/types.ts';
import type { ServiceContext } from '../../context.ts';
import { attachments, customerIdentities, customers, messages, tickets, users } from '../../db/schema/index.ts';
import { filePath } from '../attachments/store.ts';

type MessageRow = typeof messages.$inferSelect;
type TicketRow = typeof tickets.$inferSelect;

export interface Delivery {
  message: MessageRow;
  ticket: TicketRow;
  /** Null when the customer has no identity on the ticket's channel to send to. */
  outbound: OutboundMessage | null;
  /** The customer message being answered was an auto-reply, bounce or bulk mail. */
  answersAutomated: boolean;
}

/** Everything an adapter needs to address and thread one stored message; null when the message is gone. */
export async function buildDelivery(ctx: ServiceContext, messageId: string): Promise<Delivery | null> {
  const db = ctx.db;
  const [message] = await db.select().from(messages).where(eq(messages.id, messageId));
  if (!message) return null;
  const [ticket] = await db.select().from(tickets).where(eq(tickets.id, message.ticketId));
  const t = ticket!;
  const [lastIn] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.ticketId, t.id), eq(messages.direction, 'in'), lt(messages.createdAt, message.createdAt)))
    .orderBy(desc(messages.createdAt))
    .limit(1);
  const answersAutomated = lastIn?.meta.automated === true;
  const [identity] = await db
    .select()
    .from(customerIdentities)
    .where(and(eq(customerIdentities.customerId, t.customerId), eq(customerIdentities.channel, t.channel)))
    .orderBy(desc(customerIdentities.updatedAt))
    .limit(1);
  if (!identity) return { message, ticket: t, outbound: null, answersAutomated };

  const [customer] = await db.select({ email: customers.email }).from(customers).where(eq(customers.id, t.customerId));
  const earlier = await db
    .select({ id: messages.channelMessageId })
    .from(messages)
    .where(
      and(
        eq(messages.ticketId, t.id),
        // A merged ticket's thread also holds other channels' message ids, which mean nothing on this one.
        eq(messages.channel, t.channel),
        isNotNull(messages.channelMessageId),
        ne(messages.id, message.id),
        lt(messages.createdAt, message.createdAt),
      ),
    )
    .orderBy(asc(messages.createdAt));
  const files = await db.select().from(attachments).where(eq(attachments.messageId, message.id)).orderBy(asc(attachments.createdAt));
  const [author] = message.authorUserId ? await db.select({ name: users.name }).from(users).where(eq(users.id, message.authorUserId)) : [];

  const outbound: OutboundMessage = {
    messageId: message.id,
    ticketId: t.id,
    ticketNumber: t.number,
    channel: t.channel,
    inboxId: t.inboxId,
    threadKey: t.threadKey,
    subject: t.subject,
    recipient: { externalId: identity.externalId, displayName: identity.displayName, email: customer?.email ?? null },
    author: author ? { name: author.name } : null,
    text: message.text,
    html: message.html,
    attachments: files.map((f) => ({
      filename: f.filename,
      contentType: f.contentType,
      path: filePath(ctx.config.DATA_DIR, f.storageKey),
      size: f.size,
    })),
    threadMessageIds: earlier.map((e) => e.id!),
    inReplyTo: message.inReplyTo ?? (lastIn?.channel === t.channel ? lastIn.channelMessageId : null),
    automatic: message.meta.automatic === true,
    ...recipientsFrom(message.meta),
  };
  return { message, ticket: t, outbound, answersAutomated };
}

const addressList = (v: unknown) => (Array.isArray(v) ? v.filter((a): a is string => typeof a === 'string') : []);

/** CC, BCC and a forward's recipients as the reply and forward verbs keep them in the message's meta. */
function recipientsFrom(meta: Record<string, unknown>): Pick<OutboundMessage, 'cc' | 'bcc' | 'forwardTo'> {
  const forward = meta.forward as { to?: unknown } | undefined;
  const cc = addressList(meta.cc);
  const bcc = addressList(meta.bcc);
  const forwardTo = addressList(forward?.to);
  return { ...(cc.length ? { cc } : {}), ...(bcc.length ? { bcc } : {}), ...(forwardTo.length ? { forwardTo } : {}) };
}
