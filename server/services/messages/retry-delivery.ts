import { and, desc, eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { attachments, messages, outbox } from '../../db/schema/index.ts';
import { conflict, notFound } from '../../errors.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { mutateTicket } from '../tickets/mutate-ticket.ts';
import { presentMessage } from '../tickets/present.ts';
import { asNotFound, isUuid } from '../tickets/visibility.ts';

/**
 * Sends a failed reply again: the message goes back to 'queued' and its given-up outbox row is reset with
 * a fresh retry span (one row per message, so a retry can never become two deliveries).
 */
export async function retryDelivery(ctx: ServiceContext, actor: Actor, messageId: string) {
  requireRole(actor, AGENT_ROLES, 'Retrying a delivery');
  if (!isUuid(messageId)) throw notFound('Message');
  const [found] = await ctx.db.select({ ticketId: messages.ticketId }).from(messages).where(eq(messages.id, messageId));
  if (!found) throw notFound('Message');
  return mutateTicket(ctx, actor, found.ticketId, 'Retrying a delivery', async (m) => {
    const [msg] = await m.tx.select().from(messages).where(eq(messages.id, messageId)).for('update');
    if (!msg || msg.direction !== 'out') throw conflict('Only a reply to the customer can be delivered', { direction: msg?.direction });
    if (msg.deliveryStatus !== 'failed') {
      throw conflict(`Only a failed message can be retried; this one is ${msg.deliveryStatus}`, { from: msg.deliveryStatus, to: 'queued' });
    }
    const [updated] = await m.tx
      .update(messages)
      .set({ deliveryStatus: 'queued', deliveryError: null, nextAttemptAt: null })
      .where(eq(messages.id, msg.id))
      .returning();
    const [job] = await m.tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.topic, 'message.deliver'), sql`${outbox.payload}->>'messageId' = ${msg.id}`))
      .orderBy(desc(outbox.id))
      .limit(1)
      .for('update');
    if (job) {
      await m.tx
        .update(outbox)
        .set({
          status: 'pending',
          attempts: 0,
          interrupted: 0,
          runAfter: m.now,
          lockedUntil: null,
          startedAt: null,
          retryUntil: null,
          lastError: null,
          doneAt: null,
          updatedAt: m.now,
        })
        .where(eq(outbox.id, job.id));
    } else {
      await enqueue(m.tx, 'message.deliver', { messageId: msg.id });
    }
    await m.update({}, 'delivery');
    await m.record({ kind: 'delivery_retried', from: 'failed', to: 'queued', data: { messageId: msg.id } });
    m.emit({
      name: 'message.status',
      data: { ticketId: msg.ticketId, messageId: msg.id, status: 'queued', error: null, nextAttemptAt: null },
    });
    const files = await m.tx.select().from(attachments).where(eq(attachments.messageId, msg.id));
    return presentMessage(updated!, files);
  }).catch(asNotFound('Message'));
}
