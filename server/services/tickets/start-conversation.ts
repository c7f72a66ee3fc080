import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { actorUserId, type Actor } from '../actor.ts';
import { MAX_ATTACHMENTS, storeUploads, uploadSchema } from '../attachments/save-attachments.ts';
import { emailMessageId } from '../messages/email-message-id.ts';
import { renderReply } from '../messages/markdown.ts';
import { queueOutbound, stableUuid } from '../messages/queue-outbound.ts';
import { parseInput } from '../parse-input.ts';
import { MAX_MESSAGE_TEXT } from './add-note.ts';
import { emailCustomer, existingCustomer, startInbox, telegramThread } from './conversation-customer.ts';
import { createTicket, startStatuses } from './create-ticket.ts';
import { addressList, emailCopies } from './email-copies.ts';
import { presentMessage } from './present.ts';

const text = z.string().trim().min(1, 'the first message needs text').max(MAX_MESSAGE_TEXT);
const status = z.enum(startStatuses).default('open');

export const startEmailInput = z.strictObject({
  channel: z.literal('email'),
  /** The mailbox it is sent from; the customer's answer comes back to it. */
  inboxId: z.uuid(),
  to: z.email('must be an email address').max(320),
  /** The customer picked in the console; without it the address finds its customer or makes a new one. */
  customerId: z.uuid().optional(),
  name: z.string().trim().max(200).optional(),
  cc: addressList.optional(),
  bcc: addressList.optional(),
  subject: z.string().trim().min(1, 'a new conversation needs a subject').max(500),
  text,
  attachments: z.array(uploadSchema).max(MAX_ATTACHMENTS).optional(),
  status,
});

export const startTelegramInput = z.strictObject({
  channel: z.literal('telegram'),
  /** The bot the customer has talked to. */
  inboxId: z.uuid(),
  customerId: z.uuid(),
  subject: z.string().trim().max(500).optional(),
  text,
  attachments: z.array(uploadSchema).max(MAX_ATTACHMENTS).optional(),
  status,
});

export type StartConversationInput = z.input<typeof startEmailInput> | z.input<typeof startTelegramInput>;

/**
 * An agent writes to a customer first, by email from a mailbox or by Telegram through a bot the customer has talked
 * to. The ticket is the agent's (team: the inbox's) and its first message leaves through the outbound verb like any
 * reply. An email's Message-ID is the ticket's thread key, so the customer's answer lands in this ticket.
 */
export async function startConversation(ctx: ServiceContext, actor: Actor, raw: StartConversationInput) {
  const input =
    (raw as { channel?: unknown }).channel === 'telegram'
      ? parseInput(startTelegramInput, raw, 'conversation')
      : parseInput(startEmailInput, raw, 'conversation');
  const stored = await storeUploads(ctx.config.DATA_DIR, input.attachments ?? []);
  const body = renderReply(input.text);
  // The first message's id is chosen up front: an email's Message-ID, hence the thread key, is made from it.
  const key = `start:${randomUUID()}`;
  const messageId = stableUuid(key);
  return createTicket(
    ctx,
    actor,
    'Starting a conversation',
    async (tx) => {
      const inbox = await startInbox(tx, input.inboxId, input.channel);
      const ticket = { channel: input.channel, inboxId: inbox.id, teamId: inbox.teamId, status: input.status };
      if (input.channel === 'email') {
        const address = String((inbox.settings as { address?: unknown }).address ?? '');
        const customerId = await emailCustomer(tx, input.to, input);
        return { ...ticket, customerId, threadKey: emailMessageId(messageId, address), subject: input.subject };
      }
      const customer = await existingCustomer(tx, input.customerId, 'conversation');
      const threadKey = await telegramThread(tx, customer.id, inbox.id);
      return { ...ticket, customerId: customer.id, threadKey, subject: input.subject || firstLine(body.text) };
    },
    async (m) => {
      const copies = input.channel === 'email' ? await emailCopies(m.tx, m.ticket, { cc: input.cc ?? [], bcc: input.bcc }) : {};
      const queued = await queueOutbound({
        ctx,
        tx: m.tx,
        now: m.now,
        input: {
          ticketId: m.ticket.id,
          channel: m.ticket.channel,
          authorUserId: actorUserId(m.actor),
          text: body.text,
          html: body.html,
          meta: { ...copies, ...(body.html ? { markdown: input.text } : {}) },
          attachments: stored,
          idempotencyKey: key,
        },
      });
      const { message, attachments } = queued!;
      await m.record({ kind: 'replied', data: { messageId: message.id, channel: m.ticket.channel, attachments: attachments.length } });
      const view = presentMessage(message, attachments);
      m.emit({ name: 'message.created', data: { ticket: m.view(), message: view } });
      return { ticket: m.view(), message: view };
    },
  );
}

const firstLine = (text: string) => text.trim().split('\n')[0]!.slice(0, 120);
