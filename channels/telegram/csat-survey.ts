import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { inboxes } from '../../server/db/schema/index.ts';
import { queueOutbound, type OutboundInput } from '../../server/services/messages/queue-outbound.ts';
import { inTransaction } from '../../server/services/transaction.ts';
import type { SurveyTicket } from '../types.ts';
import { readTelegramSettings } from './settings.ts';

/**
 * The survey for one resolution of a Telegram ticket, when its inbox asks for ratings: a message on the ticket
 * (agents see it went out) and its delivery job, once per resolution (the key names the row). Delivery goes
 * through the outbox like a reply (retries, 429 waits, 403 fails it with the reason); the buttons are added
 * only when it is sent.
 */
export async function queueTelegramSurvey(ctx: ServiceContext, t: SurveyTicket, resolvedAt: Date): Promise<void> {
  const [inbox] = t.inboxId ? await ctx.db.select().from(inboxes).where(eq(inboxes.id, t.inboxId)) : [];
  const settings = inbox?.enabled ? readTelegramSettings(inbox.settings) : null;
  if (!settings?.csat) return;
  const input: OutboundInput = {
    ticketId: t.id,
    channel: 'telegram',
    text: `${settings.csatPrompt}\n(Ticket #${t.number})`,
    meta: { csatSurvey: { resolvedAt: resolvedAt.toISOString() } },
    automaticKind: 'csat-survey',
    idempotencyKey: `telegram-csat-survey:${t.id}:${resolvedAt.toISOString()}`,
  };
  await inTransaction(ctx, (tx, emit) => queueOutbound({ ctx, tx, emit, input }));
}
