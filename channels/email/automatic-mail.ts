import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { messages, tickets } from '../../server/db/schema/index.ts';
import { enqueue } from '../../server/services/outbox/enqueue.ts';
import { presentMessage, presentTicket } from '../../server/services/tickets/present.ts';
import { inTransaction } from '../../server/services/transaction.ts';
import { autoMailBlocked } from './auto-mail-guard.ts';
import type { EmailSettings } from './settings.ts';

export type AutomaticKind = 'acknowledgement' | 'too-large' | 'csat-survey';

export interface AutomaticMail {
  kind: AutomaticKind;
  ticketId: string;
  recipient: string;
  text: string;
  /**
   * What it answers (an inbound message, or a resolution for a survey): with `kind` it makes the row id, so a
   * replay never answers twice. Without a channelMessageId it threads under the customer's latest mail.
   */
  trigger: { messageId: string; channelMessageId: string | null };
  /** Stored on the message beside the automatic markers (e.g. what the send renders). */
  meta?: Record<string, unknown>;
}

/** A UUID derived from a key: the same trigger always names the same outgoing row. */
const stableUuid = (key: string) => {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/**
 * Writes a system mail on the ticket and its delivery job in one transaction. A blocked mail (bounce
 * suppression, caps) is still written, as failed with the reason, so the console shows why nothing went out.
 */
export async function queueAutomaticMail(ctx: ServiceContext, settings: EmailSettings, mail: AutomaticMail) {
  const id = stableUuid(`${mail.kind}:${mail.trigger.messageId}`);
  return inTransaction(ctx, async (tx, emit) => {
    const blocked = await autoMailBlocked(ctx, tx, settings, mail.recipient, mail.ticketId);
    const now = ctx.now();
    const [row] = await tx
      .insert(messages)
      .values({
        id,
        ticketId: mail.ticketId,
        direction: 'out',
        channel: 'email',
        inReplyTo: mail.trigger.channelMessageId,
        text: mail.text,
        deliveryStatus: blocked ? 'failed' : 'queued',
        deliveryError: blocked,
        meta: { ...mail.meta, automatic: true, automaticKind: mail.kind, to: mail.recipient },
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return { messageId: id, status: 'exists' as const };
    if (!blocked) await enqueue(tx, 'message.deliver', { messageId: id }, { dedupeKey: `deliver:${id}`, maxAttempts: ctx.config.OUTBOX_MAX_ATTEMPTS });
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, mail.ticketId));
    emit({ name: 'message.created', data: { ticket: presentTicket(ticket!), message: presentMessage(row) } });
    return { messageId: id, status: blocked ? ('blocked' as const) : ('queued' as const), reason: blocked };
  });
}

export const acknowledgementText = (settings: EmailSettings, ticketNumber: number) => settings.acknowledgement.replaceAll('{ticket}', String(ticketNumber));

export const tooLargeText = (size: string, limit: string, ticketNumber: number) =>
  `Thank you for your email. It was ${size}, more than the ${limit} we can accept, so we could not read it. ` +
  `We have opened ticket #${ticketNumber} for you: please reply with a shorter message, and send large files as a link or in several smaller mails.`;
