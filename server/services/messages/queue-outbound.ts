import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { ChannelKind } from '../../../channels/types.ts';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { messages, tickets, type attachments } from '../../db/schema/index.ts';
import type { DomainEvent } from '../../events.ts';
import { insertAttachmentRows, type Stored } from '../attachments/save-attachments.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { presentMessage, presentTicket } from '../tickets/present.ts';

export interface OutboundInput {
  ticketId: string;
  channel: ChannelKind;
  text: string;
  /** Sanitized HTML of the same message (an agent's Markdown), for channels that show it. */
  html?: string | null;
  /** The agent who wrote it; absent for what the system sends on its own. */
  authorUserId?: string | null;
  /** The channel message id it answers; null threads it under the customer's latest message. */
  inReplyTo?: string | null;
  meta?: Record<string, unknown>;
  /** Files already on disk (storeUploads), linked to the message in the same transaction. */
  attachments?: readonly Stored[];
  /** Sent by the system (acknowledgement, survey), not typed by a person: the loop guard reads this mark. */
  automaticKind?: string;
  /** Names the row: the same key always makes the same message, so a replayed trigger queues nothing twice. */
  idempotencyKey?: string;
  /** Why it must not go out now (a channel's caps, a bounce pause): kept as failed with that reason, not queued. */
  holdBack?: (tx: Tx) => Promise<string | null>;
}

export interface QueuedOutbound {
  message: typeof messages.$inferSelect;
  attachments: (typeof attachments.$inferSelect)[];
  status: 'queued' | 'held';
}

/** A UUID derived from a key: the same key always names the same outgoing row. */
export const stableUuid = (key: string) => {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/**
 * Stores an outbound message and queues its delivery, in the caller's transaction: every reply, automatic mail
 * and survey leaves this way, and the outbox worker hands it to the channel's adapter after the loop guard.
 * Null when the idempotency key already names a message. `emit` announces it to consoles; a caller that also
 * changes the ticket (a reply) announces it itself, once, with the ticket as it ends up.
 */
export async function queueOutbound(args: {
  ctx: ServiceContext;
  tx: Tx;
  input: OutboundInput;
  now?: Date;
  emit?: (e: DomainEvent) => void;
}): Promise<QueuedOutbound | null> {
  const { ctx, tx, input } = args;
  const held = input.holdBack ? await input.holdBack(tx) : null;
  const id = input.idempotencyKey ? stableUuid(input.idempotencyKey) : undefined;
  const insert = tx.insert(messages).values({
    ...(id ? { id } : {}),
    ticketId: input.ticketId,
    direction: 'out',
    channel: input.channel,
    authorUserId: input.authorUserId ?? null,
    inReplyTo: input.inReplyTo ?? null,
    text: input.text,
    html: input.html ?? null,
    deliveryStatus: held ? 'failed' : 'queued',
    deliveryError: held,
    meta: { ...input.meta, ...(input.automaticKind ? { automatic: true, automaticKind: input.automaticKind } : {}) },
    createdAt: args.now ?? ctx.now(),
  });
  const [message] = id ? await insert.onConflictDoNothing().returning() : await insert.returning();
  if (!message) return null;
  const files = await insertAttachmentRows(tx, message.id, input.attachments ?? []);
  if (!held) {
    const dedupe = id ? { dedupeKey: `deliver:${id}` } : {};
    await enqueue(tx, 'message.deliver', { messageId: message.id }, dedupe);
  }
  if (args.emit) {
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, input.ticketId));
    args.emit({ name: 'message.created', data: { ticket: presentTicket(ticket!), message: presentMessage(message, files) } });
  }
  return { message, attachments: files, status: held ? 'held' : 'queued' };
}
