import { and, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { messages, tickets } from '../../server/db/schema/index.ts';
import { systemActor } from '../../server/services/actor.ts';
import { presentTicket } from '../../server/services/tickets/present.ts';
import { recordEvent } from '../../server/services/tickets/record-event.ts';
import { inTransaction } from '../../server/services/transaction.ts';
import { suppressAddress } from './auto-mail-guard.ts';
import type { BounceReport } from './bounce.ts';
import type { EmailInbox } from './inbox.ts';
import { ourMessageRowId } from './threading.ts';

/**
 * A permanent bounce pauses automatic mail to the address, and when the report names one of our messages,
 * that message turns 'failed' with the server's words, so the agent sees the reply never arrived.
 */
export async function recordBounce(ctx: ServiceContext, inbox: EmailInbox, report: BounceReport): Promise<void> {
  for (const r of report.recipients.filter((x) => x.permanent)) {
    await suppressAddress(ctx, r.address, `${r.status} ${r.diagnostic ?? ''}`.trim(), inbox.settings.bounceSuppressHours);
  }
  const rowId = report.originalMessageId ? ourMessageRowId(report.originalMessageId) : null;
  const first = report.recipients[0];
  if (!rowId || !first) return;
  const error = `Bounced by the recipient's mail server: ${first.status} ${first.diagnostic ?? ''}`.trim().slice(0, 1000);
  await inTransaction(ctx, async (tx, emit) => {
    const [msg] = await tx
      .update(messages)
      .set({ deliveryStatus: 'failed', deliveryError: error })
      .where(and(eq(messages.id, rowId), eq(messages.direction, 'out')))
      .returning();
    if (!msg) return;
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, msg.ticketId));
    await recordEvent(
      tx,
      systemActor('email'),
      { ticketId: msg.ticketId, kind: 'delivery_failed', data: { messageId: msg.id, error } },
      ctx.now(),
    );
    emit({ name: 'message.status', data: { ticketId: msg.ticketId, messageId: msg.id, status: 'failed', error } });
    if (ticket) emit({ name: 'ticket.updated', data: { ticket: presentTicket(ticket), changes: ['delivery'] } });
  });
}
