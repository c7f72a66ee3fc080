import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import { PermanentDeliveryError, type ChannelRegistry } from '../../../channels/types.ts';
import type { ServiceContext } from '../../context.ts';
import { messages, tickets } from '../../db/schema/index.ts';
import { systemActor } from '../actor.ts';
import { errorText, type OutboxHandler } from '../outbox/handlers.ts';
import { presentTicket } from '../tickets/present.ts';
import { recordEvent } from '../tickets/record-event.ts';
import { inTransaction } from '../transaction.ts';
import { buildDelivery } from './build-outbound.ts';
import { checkLoopGuard } from './loop-guard.ts';

const worker = systemActor('outbox');

/**
 * 'message.deliver': sends one stored reply through its channel's adapter, after the loop guard. Each try
 * is recorded on the message (error, attempts); the worker decides between retry and giving up.
 */
export function deliverMessageHandler(ctx: ServiceContext, registry: ChannelRegistry): OutboxHandler<{ messageId: string }> {
  return {
    schema: z.object({ messageId: z.uuid() }),
    async run({ messageId }, job) {
      const d = await buildDelivery(ctx, messageId);
      if (!d || d.message.deliveryStatus === 'sent') return;
      const verdict = checkLoopGuard({
        direction: d.message.direction,
        automatic: d.outbound?.automatic ?? d.message.meta.automatic === true,
        answersAutomated: d.answersAutomated,
      });
      if (!verdict.ok) throw new PermanentDeliveryError(`loop guard: ${verdict.reason}`);
      try {
        if (!d.outbound) throw new PermanentDeliveryError(`the customer has no ${d.ticket.channel} identity to send to`);
        const adapter = registry[d.ticket.channel];
        if (!adapter) throw new PermanentDeliveryError(`no adapter for channel ${d.ticket.channel}`);
        const sent = await adapter.send(d.outbound);
        await markSent(ctx, d.message, sent.channelMessageId ?? null, job.attempt);
      } catch (err) {
        await setStatus(ctx, d.message, {
          deliveryStatus: d.message.deliveryStatus,
          deliveryError: errorText(err),
          deliveryAttempts: job.attempt,
        });
        throw err;
      }
    },
    async onGiveUp({ messageId }, error, job) {
      await inTransaction(ctx, async (tx, emit) => {
        const [m] = await tx
          .update(messages)
          .set({ deliveryStatus: 'failed', deliveryError: error, deliveryAttempts: job.attempt })
          .where(and(eq(messages.id, messageId), eq(messages.direction, 'out'), ne(messages.deliveryStatus, 'sent')))
          .returning();
        if (!m) return;
        const now = ctx.now();
        const [t] = await tx.update(tickets).set({ updatedAt: now }).where(eq(tickets.id, m.ticketId)).returning();
        await recordEvent(
          tx,
          worker,
          { ticketId: m.ticketId, kind: 'delivery_failed', data: { messageId, error, attempts: job.attempt } },
          now,
        );
        emit({ name: 'message.status', data: { ticketId: m.ticketId, messageId, status: 'failed', error } });
        emit({ name: 'ticket.updated', data: { ticket: presentTicket(t!), changes: ['delivery'] } });
      });
    },
  };
}

type MessageRow = typeof messages.$inferSelect;
type StatusSet = Pick<MessageRow, 'deliveryStatus' | 'deliveryError' | 'deliveryAttempts'> &
  Partial<Pick<MessageRow, 'sentAt' | 'channelMessageId'>>;

async function setStatus(ctx: ServiceContext, m: MessageRow, set: StatusSet) {
  if (m.direction !== 'out') return;
  await inTransaction(ctx, async (tx, emit) => {
    await tx.update(messages).set(set).where(eq(messages.id, m.id));
    emit({ name: 'message.status', data: { ticketId: m.ticketId, messageId: m.id, status: set.deliveryStatus, error: set.deliveryError } });
  });
}

async function markSent(ctx: ServiceContext, m: MessageRow, channelMessageId: string | null, attempt: number) {
  const base = { deliveryStatus: 'sent' as const, deliveryError: null, deliveryAttempts: attempt, sentAt: ctx.now() };
  try {
    await setStatus(ctx, m, { ...base, channelMessageId });
  } catch (err) {
    // Already sent: a clashing channel id must not turn into a retry that sends the reply twice.
    if (!channelMessageId || !isUniqueViolation(err)) throw err;
    ctx.log.warn({ messageId: m.id, channelMessageId }, 'channel message id already taken; kept the message without it');
    await setStatus(ctx, m, base);
  }
}

const isUniqueViolation = (err: unknown): boolean =>
  !!err &&
  typeof err === 'object' &&
  ((err as { code?: string }).code === '23505' || isUniqueViolation((err as { cause?: unknown }).cause));
