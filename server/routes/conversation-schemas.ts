import { createRoute, z } from '@hono/zod-openapi';
import { forwardInput } from '../services/tickets/forward.ts';
import { recordContactInput } from '../services/tickets/record-contact.ts';
import { startEmailInput, startTelegramInput } from '../services/tickets/start-conversation.ts';
import { errorBody, errors, json } from './router.ts';
import { conflict, messageView, security, ticketView, tooLarge, uuidParam } from './ticket-schemas.ts';

/** A ticket an agent opens: an email or Telegram conversation they start, or a phone call or visit they record. */
export const newTicketInput = z
  .discriminatedUnion('channel', [startEmailInput, startTelegramInput, recordContactInput])
  .openapi('NewTicket');

const started = z.object({ ticket: ticketView, message: messageView }).openapi('StartedTicket');

export const createTicketRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['tickets'],
  summary:
    'Open a ticket as an agent: email (To/CC/BCC, subject, Markdown body, attachments) from a mailbox, Telegram to a customer ' +
    'who has talked to the bot, or a record of a phone call / walk-in (summary, outcome as a note, status). Assigned to you.',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: newTicketInput } } } },
  responses: {
    201: json(started, 'Opened; an email or Telegram message is queued for delivery'),
    ...errors,
    409: json(errorBody, 'The conversation is still going on in another ticket (`details.ticketNumber`)'),
    ...tooLarge,
  },
});

export const forwardRoute = createRoute({
  method: 'post',
  path: '/{id}/forward',
  tags: ['tickets'],
  summary: 'Forward a message (messageId) or the whole conversation by email to other addresses, quoted with its attachments',
  security,
  request: {
    params: z.object({ id: uuidParam('id') }),
    body: { required: true, content: { 'application/json': { schema: forwardInput } } },
  },
  responses: {
    201: json(z.object({ ticket: ticketView, message: messageView, duplicate: z.boolean() }), 'Queued for delivery'),
    ...errors,
    ...conflict,
    ...tooLarge,
  },
});

const startInbox = z
  .object({ id: z.string(), name: z.string(), channel: z.enum(['email', 'telegram']), address: z.string().nullable() })
  .openapi('StartInbox');

export const startInboxesRoute = createRoute({
  method: 'get',
  path: '/inboxes',
  tags: ['tickets'],
  summary: 'Mailboxes and Telegram bots an agent can start a conversation from (enabled ones)',
  security,
  responses: { 200: json(z.object({ inboxes: z.array(startInbox) }), 'The inboxes'), ...errors },
});
