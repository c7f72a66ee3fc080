import { and, desc, eq, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import { isRecordChannel } from '../../../channels/types.ts';
import type { ServiceContext } from '../../context.ts';
import { attachments, messages } from '../../db/schema/index.ts';
import { ServiceError } from '../../errors.ts';
import { actorUserId, type Actor } from '../actor.ts';
import { MAX_ATTACHMENTS, storeUploads, uploadSchema } from '../attachments/save-attachments.ts';
import { renderReply } from '../messages/markdown.ts';
import { queueOutbound } from '../messages/queue-outbound.ts';
import { parseInput } from '../parse-input.ts';
import { syncTicketSla } from '../sla/sync-ticket-sla.ts';
import { clientIdSchema, findByClientId, MAX_MESSAGE_TEXT } from './add-note.ts';
import { claimUnassigned } from './claim-unassigned.ts';
import { addressList, emailCopies } from './email-copies.ts';
import { mutateTicket } from './mutate-ticket.ts';
import { presentMessage, presentTicket } from './present.ts';
import { assertNotClosed, assertTransition } from './transitions.ts';

export const replyInput = z
  .strictObject({
    text: z.string().trim().max(MAX_MESSAGE_TEXT).default(''),
    attachments: z.array(uploadSchema).max(MAX_ATTACHMENTS).optional(),
    clientId: clientIdSchema.optional(),
    /** Email only. Omitted: whom the customer's last mail copied. */
    cc: addressList.optional(),
    bcc: addressList.optional(),
  })
  .refine((v) => v.text.length > 0 || (v.attachments?.length ?? 0) > 0, { message: 'a reply needs text or an attachment', path: ['text'] });

/**
 * An agent's answer to the customer on the ticket's channel, written in Markdown (HTML where the channel shows it,
 * plain text elsewhere). The message ('queued') and its delivery job are
 * written in one transaction, so an accepted reply is never lost; the outbox worker sends it.
 */
export async function reply(ctx: ServiceContext, actor: Actor, ticketId: string, raw: z.input<typeof replyInput>) {
  const input = parseInput(replyInput, raw);
  const stored = await storeUploads(ctx.config.DATA_DIR, input.attachments ?? []);
  return mutateTicket(ctx, actor, ticketId, 'Replying', async (m) => {
    assertNotClosed(m.ticket, 'reply');
    if (isRecordChannel(m.ticket.channel)) {
      throw new ServiceError(
        'CONFLICT',
        `A ${m.ticket.channel} ticket has nothing to send a reply on: add a note, or start an email or Telegram conversation`,
      );
    }
    const earlier = await findByClientId(m, input.clientId);
    if (earlier) {
      const files = await m.tx.select().from(attachments).where(eq(attachments.messageId, earlier.id));
      return { ticket: presentTicket(m.ticket), message: presentMessage(earlier, files), duplicate: true };
    }
    const [lastIn] = await m.tx
      .select({ channelMessageId: messages.channelMessageId })
      .from(messages)
      // The ticket's own channel only: a merged ticket's thread also holds other channels' ids.
      .where(
        and(
          eq(messages.ticketId, m.ticket.id),
          eq(messages.channel, m.ticket.channel),
          eq(messages.direction, 'in'),
          isNotNull(messages.channelMessageId),
        ),
      )
      .orderBy(desc(messages.createdAt))
      .limit(1);
    const copies = await emailCopies(m.tx, m.ticket, input);
    const body = renderReply(input.text);
    const queued = await queueOutbound({
      ctx,
      tx: m.tx,
      now: m.now,
      input: {
        ticketId: m.ticket.id,
        channel: m.ticket.channel,
        authorUserId: actorUserId(actor),
        inReplyTo: lastIn?.channelMessageId ?? null,
        text: body.text,
        html: body.html,
        meta: { ...(input.clientId ? { clientId: input.clientId } : {}), ...copies, ...(body.html ? { markdown: input.text } : {}) },
        attachments: stored,
      },
    });
    const { message: msg, attachments: files } = queued!;

    const from = m.ticket.status;
    if (from === 'new') assertTransition(m.ticket, 'open');
    await claimUnassigned(m, 'reply');
    await m.update(
      {
        firstResponseAt: m.ticket.firstResponseAt ?? m.now,
        lastAgentMessageAt: m.now,
        lastMessageAt: m.now,
        ...(from === 'new' ? { status: 'open' as const } : {}),
      },
      'message',
    );
    // First and next response are met now, under the row lock the update took (not left to an after-commit hook).
    m.ticket = (await syncTicketSla(m.tx, m.ticket, m.now)).ticket;
    await m.record({ kind: 'replied', data: { messageId: msg.id, channel: m.ticket.channel, attachments: files.length } });
    if (from === 'new') await m.record({ kind: 'status_changed', from, to: 'open', data: { action: 'reply' } });
    const message = presentMessage(msg, files);
    m.emit({ name: 'message.created', data: { ticket: m.view(), message } });
    return { ticket: m.view(), message, duplicate: false };
  });
}
