import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { recordChannelKinds } from '../../../channels/types.ts';
import type { ServiceContext } from '../../context.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { insertNote, MAX_MESSAGE_TEXT } from './add-note.ts';
import { agentTeam, contactCustomer } from './conversation-customer.ts';
import { createTicket, startStatuses } from './create-ticket.ts';
import { presentMessage } from './present.ts';

export const recordContactInput = z
  .strictObject({
    channel: z.enum(recordChannelKinds),
    customerId: z.uuid().optional(),
    /** A caller or visitor not yet known: found by phone number or email address, else created. */
    customer: z
      .strictObject({
        name: z.string().trim().min(1, 'is required').max(200),
        phone: z
          .string()
          .trim()
          .regex(/^\+?[\d\s().-]{3,40}$/, 'must be a phone number')
          .optional(),
        email: z.email('must be an email address').max(320).optional(),
      })
      .optional(),
    /** What the call or visit was about. */
    subject: z.string().trim().min(1, 'a record needs a summary').max(500),
    /** What was said and agreed: the ticket's first entry. */
    text: z.string().trim().min(1, 'a record needs its outcome').max(MAX_MESSAGE_TEXT),
    /** Resolved when the call settled it; open or pending when something is still to be done. */
    status: z.enum(startStatuses).default('resolved'),
  })
  .refine((v) => !!v.customerId !== !!v.customer, { message: 'give either customerId or a new customer', path: ['customerId'] });

export type RecordContactInput = z.input<typeof recordContactInput>;

/**
 * Records a phone call or a walk-in as a ticket on the 'phone' / 'in_person' channel: the customer, a summary as
 * the subject, and the outcome as the first entry, an internal note by the agent (what the agent wrote down, not the
 * customer's words, and nothing to deliver). The ticket is the agent's, in their team, with the status they chose.
 */
export async function recordContact(ctx: ServiceContext, actor: Actor, raw: RecordContactInput) {
  const input = parseInput(recordContactInput, raw, 'contact');
  return createTicket(
    ctx,
    actor,
    'Recording a contact',
    async (tx) => ({
      channel: input.channel,
      inboxId: null,
      teamId: actor.type === 'user' ? await agentTeam(tx, actor.id) : null,
      customerId: await contactCustomer(tx, input),
      // Each record is its own conversation: nothing on these channels ever threads into it.
      threadKey: `${input.channel}:${randomUUID()}`,
      subject: input.subject,
      status: input.status,
    }),
    async (m) => {
      const note = await insertNote(m, input.text, { record: input.channel });
      const message = presentMessage(note);
      m.emit({ name: 'message.created', data: { ticket: m.view(), message } });
      return { ticket: m.view(), message };
    },
  );
}
