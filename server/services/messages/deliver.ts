import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import { isRecordChannel, PermanentDeliveryError, type ChannelRegistry, type SendResult } from '../../../channels/types.ts';
import type { ServiceContext } from '../../context.ts';
import { messages, tickets } from '../../db/schema/index.ts';
import { systemActor } from '../actor.ts';
import { errorText, type OutboxHandler } from '../outbox/handlers.ts';
import { presentTicket } from '../tickets/present.ts';
import { recordEvent } from '../tickets/record-event.ts';
import { inTransaction } from '../transaction.ts';
import { buildDelivery } from './build-outbound.ts';
import { recordFailedTry, recordHandOff, recordRetry, recordSent } from './delivery-status.ts';
import { checkLoopGuard } from './loop-guard.ts';

const worker = systemActor('outbox');

/**
 * 'message.deliver': sends one stored reply through its channel's adapter, after the loop guard. A message already
 * accepted by its channel is never sent again; one whose last hand-off has no recorded outcome (the worker died in
 * between) is sent again with the same message id, which for email is the same Message-ID. The worker decides
 * between retry and giving up; each try is recorded on the message.
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
      let sent: SendResult;
      try {
        const channel = d.ticket.channel;
        if (isRecordChannel(channel)) throw new PermanentDeliveryError(`nothing is sent on a ${channel} ticket: add a note instead`);
        if (!d.outbound) throw new PermanentDeliveryError(`the customer has no ${channel} identity to send to`);
        const adapter = registry[channel];
        if (!adapter) throw new PermanentDeliveryError(`no adapter for channel ${channel}`);
        if (d.message.deliveryStartedAt) {
          // The residual window: the channel may have accepted it before the worker died, with nothing recorded.
          ctx.log.warn(
            { messageId, channel: d.ticket.channel, handedOffAt: d.message.deliveryStartedAt },
            'sending again after a try whose outcome was never recorded; the same message id lets the recipient collapse a copy',
          );
        }
        await recordHandOff(ctx, d.message, job.attempt);
        sent = await adapter.send(d.outbound);
      } catch (err) {
        await recordFailedTry(ctx, d.message, errorText(err), job.attempt);
        throw err;
      }
      await recordSent(ctx, d.message, sent.channelMessageId ?? null, job.attempt);
      await sent
        .afterRecorded?.()
        .catch((err: unknown) => ctx.log.error({ err, messageId }, "a channel's bookkeeping after a send failed"));
    },
    onRetry: ({ messageId }, error, job, nextAttemptAt) => recordRetry(ctx, messageId, error, job.attempt, nextAttemptAt),
    async onGiveUp({ messageId }, error, job) {
      await inTransaction(ctx, async (tx, emit) => {
        const [m] = await tx
          .update(messages)
          .set({
            deliveryStatus: 'failed',
            deliveryError: error,
            deliveryAttempts: job.attempt,
            nextAttemptAt: null,
            deliveryStartedAt: null,
          })
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
        emit({ name: 'message.status', data: { ticketId: m.ticketId, messageId, status: 'failed', error, nextAttemptAt: null } });
        emit({ name: 'ticket.updated', data: { ticket: presentTicket(t!), changes: ['delivery'] } });
      });
    },
  };
}
