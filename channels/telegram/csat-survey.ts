import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { inboxes, messages, tickets } from '../../server/db/schema/index.ts';
import { enqueue } from '../../server/services/outbox/enqueue.ts';
import { presentMessage, presentTicket } from '../../server/services/tickets/present.ts';
import { inTransaction } from '../../server/services/transaction.ts';
import { readTelegramSettings } from './settings.ts';

type TicketRow = typeof tickets.$inferSelect;

/** One resolution's survey always names the same message row, so a second run of the job adds nothing. */
const surveyMessageId = (ticketId: string, resolvedAt: Date) => {
  const h = createHash('sha256').update(`telegram-csat-survey:${ticketId}:${resolvedAt.toISOString()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/**
 * The survey for one resolution of a Telegram ticket, when its inbox asks for ratings: a message on the ticket
 * (agents see it went out) and its delivery job, once per resolution. Delivery goes through the outbox like
 * a reply (retries, 429 waits, 403 fails it with the reason); the buttons are added only when it is sent.
 */
export async function queueTelegramSurvey(ctx: ServiceContext, t: TicketRow, resolvedAt: Date): Promise<void> {
  const [inbox] = t.inboxId ? await ctx.db.select().from(inboxes).where(eq(inboxes.id, t.inboxId)) : [];
  const settings = inbox?.enabled ? readTelegramSettings(inbox.settings) : null;
  if (!settings?.csat) return;
  const id = surveyMessageId(t.id, resolvedAt);
  await inTransaction(ctx, async (tx, emit) => {
    const [row] = await tx
      .insert(messages)
      .values({
        id,
        ticketId: t.id,
        direction: 'out',
        channel: 'telegram',
        text: `${settings.csatPrompt}\n(Ticket #${t.number})`,
        deliveryStatus: 'queued',
        meta: { automatic: true, automaticKind: 'csat-survey', csatSurvey: { resolvedAt: resolvedAt.toISOString() } },
        createdAt: ctx.now(),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return;
    await enqueue(tx, 'message.deliver', { messageId: id }, { dedupeKey: `deliver:${id}`, maxAttempts: ctx.config.OUTBOX_MAX_ATTEMPTS });
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, t.id));
    emit({ name: 'message.created', data: { ticket: presentTicket(ticket!), message: presentMessage(row) } });
  });
}
