import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { attachments, customers, messages, users } from '../../db/schema/index.ts';
import { ServiceError } from '../../errors.ts';
import { invalidInput } from '../../invalid-input.ts';
import { actorUserId, type Actor } from '../actor.ts';
import { renderReply } from '../messages/markdown.ts';
import { queueOutbound } from '../messages/queue-outbound.ts';
import { parseInput } from '../parse-input.ts';
import { MAX_MESSAGE_TEXT } from './add-note.ts';
import { addressList } from './email-copies.ts';
import { forwardedBody, type Quoted } from './forward-body.ts';
import { mutateTicket } from './mutate-ticket.ts';
import { presentMessage } from './present.ts';

export const forwardInput = z.strictObject({
  to: addressList.min(1, 'forward to at least one address'),
  cc: addressList.optional(),
  /** One message of the thread; without it the whole conversation is forwarded. */
  messageId: z.uuid().optional(),
  /** The agent's words above the forwarded mail (Markdown). */
  text: z.string().trim().max(MAX_MESSAGE_TEXT).default(''),
});

/**
 * Forwards a message, or the whole conversation, by email from the ticket's mailbox to someone else (a colleague,
 * a supplier): the original quoted under the agent's words, with its attachments. Recorded in the thread as an
 * outgoing message; it answers nobody, so the ticket's response times and status stay as they are.
 */
export async function forward(ctx: ServiceContext, actor: Actor, ticketId: string, raw: z.input<typeof forwardInput>) {
  const input = parseInput(forwardInput, raw, 'forward');
  return mutateTicket(ctx, actor, ticketId, 'Forwarding', async (m) => {
    if (m.ticket.channel !== 'email') {
      throw new ServiceError(
        'CONFLICT',
        `Only email tickets can be forwarded (this one is ${m.ticket.channel}): its mailbox sends the forward`,
      );
    }
    const rows = await m.tx
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.ticketId, m.ticket.id),
          input.messageId ? eq(messages.id, input.messageId) : ne(messages.direction, 'note'),
          ...(input.messageId ? [] : [ne(messages.deliveryStatus, 'failed')]),
        ),
      )
      .orderBy(asc(messages.createdAt));
    if (input.messageId && !rows.length)
      throw invalidInput('forward', [{ path: 'messageId', message: 'no such message on this ticket', code: 'unknown_reference' }]);
    if (rows.some((r) => r.direction === 'note'))
      throw invalidInput('forward', [{ path: 'messageId', message: 'an internal note is never sent', code: 'custom' }]);
    const quoted = await withAuthors(m.tx, rows, m.ticket.customerId);
    const files = rows.length
      ? await m.tx
          .select()
          .from(attachments)
          .where(
            inArray(
              attachments.messageId,
              rows.map((r) => r.id),
            ),
          )
          .orderBy(asc(attachments.createdAt))
      : [];
    const body = forwardedBody(renderReply(input.text), m.ticket.subject, quoted);
    const queued = await queueOutbound({
      ctx,
      tx: m.tx,
      now: m.now,
      input: {
        ticketId: m.ticket.id,
        channel: 'email',
        authorUserId: actorUserId(actor),
        text: body.text,
        html: body.html,
        meta: { forward: { to: input.to, messageId: input.messageId ?? null }, ...(input.cc?.length ? { cc: input.cc } : {}) },
        attachments: files.map((f) => ({
          storageKey: f.storageKey,
          sha256: f.sha256,
          size: f.size,
          filename: f.filename,
          contentType: f.contentType,
        })),
      },
    });
    const { message: msg, attachments: copied } = queued!;
    await m.update({ lastMessageAt: m.now }, 'message');
    await m.record({
      kind: 'forwarded',
      to: input.to.join(', '),
      data: { messageId: msg.id, forwardedMessageId: input.messageId ?? null },
    });
    const message = presentMessage(msg, copied);
    m.emit({ name: 'message.created', data: { ticket: m.view(), message } });
    return { ticket: m.view(), message, duplicate: false };
  });
}

async function withAuthors(tx: Tx, rows: (typeof messages.$inferSelect)[], customerId: string): Promise<Quoted[]> {
  const [customer] = await tx.select({ name: customers.name, email: customers.email }).from(customers).where(eq(customers.id, customerId));
  const agentIds = [...new Set(rows.map((r) => r.authorUserId).filter((id): id is string => !!id))];
  const agents = agentIds.length ? await tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, agentIds)) : [];
  const customerName = [customer?.name, customer?.email ? `<${customer.email}>` : null].filter(Boolean).join(' ') || 'Customer';
  return rows.map((r) => ({
    from: r.direction === 'in' ? customerName : (agents.find((a) => a.id === r.authorUserId)?.name ?? 'Support'),
    at: r.receivedAt ?? r.createdAt,
    text: r.text,
    html: r.html,
  }));
}
