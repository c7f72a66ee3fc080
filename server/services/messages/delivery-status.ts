import { and, eq, ne } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { messages } from '../../db/schema/index.ts';
import { inTransaction } from '../transaction.ts';

type MessageRow = typeof messages.$inferSelect;

/** The send is about to be handed to the channel: from here until its outcome is recorded, the outcome is unknown. */
export async function recordHandOff(ctx: ServiceContext, m: MessageRow, attempt: number): Promise<void> {
  await ctx.db.update(messages).set({ deliveryStartedAt: ctx.now(), deliveryAttempts: attempt }).where(eq(messages.id, m.id));
}

/** A try failed: the error shows on the message at once; whether it is retried or failed is the worker's to say. */
export async function recordFailedTry(ctx: ServiceContext, m: MessageRow, error: string, attempt: number): Promise<void> {
  if (m.direction !== 'out') return;
  await ctx.db
    .update(messages)
    .set({ deliveryError: error, deliveryAttempts: attempt, deliveryStartedAt: null })
    .where(and(eq(messages.id, m.id), ne(messages.deliveryStatus, 'sent')));
}

/** Waiting for another try: consoles show "retrying, next attempt at …" until it is sent or failed. */
export async function recordRetry(ctx: ServiceContext, messageId: string, error: string, attempt: number, nextAttemptAt: Date) {
  await inTransaction(ctx, async (tx, emit) => {
    const [m] = await tx
      .update(messages)
      .set({ deliveryError: error, deliveryAttempts: attempt, nextAttemptAt, deliveryStartedAt: null })
      .where(and(eq(messages.id, messageId), eq(messages.direction, 'out'), eq(messages.deliveryStatus, 'queued')))
      .returning();
    if (!m) return;
    emit({
      name: 'message.status',
      data: { ticketId: m.ticketId, messageId, status: 'queued', error, nextAttemptAt: nextAttemptAt.toISOString() },
    });
  });
}

const SENT_WRITE_DELAYS_MS = [200, 1_000, 3_000];

/**
 * The channel accepted the message: this is the first write after the hand-off, retried through a short database
 * hiccup, because until it lands a new try would send the message again.
 */
export async function recordSent(ctx: ServiceContext, m: MessageRow, channelMessageId: string | null, attempt: number): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      return await markSent(ctx, m, channelMessageId, attempt);
    } catch (err) {
      const wait = SENT_WRITE_DELAYS_MS[i];
      if (wait === undefined) throw err;
      ctx.log.warn({ err, messageId: m.id }, 'sent message not recorded yet; trying again');
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

async function markSent(ctx: ServiceContext, m: MessageRow, channelMessageId: string | null, attempt: number) {
  const base = {
    deliveryStatus: 'sent' as const,
    deliveryError: null,
    deliveryAttempts: attempt,
    sentAt: ctx.now(),
    nextAttemptAt: null,
    deliveryStartedAt: null,
  };
  try {
    await setSent(ctx, m, { ...base, channelMessageId });
  } catch (err) {
    // Already sent: a clashing channel id must not turn into a retry that sends the reply twice.
    if (!channelMessageId || !isUniqueViolation(err)) throw err;
    ctx.log.warn({ messageId: m.id, channelMessageId }, 'channel message id already taken; kept the message without it');
    await setSent(ctx, m, base);
  }
}

async function setSent(ctx: ServiceContext, m: MessageRow, set: Partial<MessageRow>) {
  await inTransaction(ctx, async (tx, emit) => {
    await tx.update(messages).set(set).where(eq(messages.id, m.id));
    emit({ name: 'message.status', data: { ticketId: m.ticketId, messageId: m.id, status: 'sent', error: null, nextAttemptAt: null } });
  });
}

const isUniqueViolation = (err: unknown): boolean =>
  !!err &&
  typeof err === 'object' &&
  ((err as { code?: string }).code === '23505' || isUniqueViolation((err as { cause?: unknown }).cause));
