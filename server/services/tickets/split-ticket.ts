import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { messages, ticketLinks, tickets } from '../../db/schema/index.ts';
import { conflict, invalid } from '../../errors.ts';
import { actorUserId, type Actor } from '../actor.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { parseInput } from '../parse-input.ts';
import { mutateTicket } from './mutate-ticket.ts';
import { presentTicket } from './present.ts';
import { recordEvent } from './record-event.ts';
import { threadTimes } from './thread-times.ts';

export const splitTicketInput = z.strictObject({
  messageId: z.uuid().describe('A customer message of this ticket: it starts the new ticket'),
  following: z.boolean().default(false).describe('Move the messages after it too'),
  subject: z.string().trim().min(1).max(500).optional().describe("The new ticket's subject (default: the message's first line)"),
});

/** A chat (widget visitor, Telegram chat) is one live conversation: a second live ticket on it could never be told apart. */
const chatChannels: readonly string[] = ['widget', 'telegram'];

/**
 * Splits a customer message (and optionally the ones after it) off into a new ticket for the same customer and
 * channel, linked to this one as 'split'. The new ticket is routed like a new conversation.
 */
export async function splitTicket(ctx: ServiceContext, actor: Actor, ticketId: string, raw: z.input<typeof splitTicketInput>) {
  const input = parseInput(splitTicketInput, raw);
  return mutateTicket(ctx, actor, ticketId, 'Splitting a ticket', async (m) => {
    const from = m.ticket;
    if (from.status === 'closed') throw conflict(`Ticket #${from.number} is closed: nothing can be split off it`, { from: 'closed' });
    if (chatChannels.includes(from.channel)) {
      throw conflict(`A ${from.channel} conversation is one live chat: only email and recorded tickets can be split`, {
        reason: 'chat_channel',
      });
    }
    const [message] = await m.tx
      .select()
      .from(messages)
      .where(and(eq(messages.id, input.messageId), eq(messages.ticketId, from.id)));
    const bad = (why: string) => invalid(`messageId: ${why}`, [{ path: 'messageId', message: why }]);
    if (!message) throw bad('no such message on this ticket');
    if (message.direction !== 'in') throw bad('only a customer message can start a new ticket');

    const thread = await m.tx
      .select({ id: messages.id, createdAt: messages.createdAt })
      .from(messages)
      .where(eq(messages.ticketId, from.id))
      .orderBy(asc(messages.createdAt), asc(messages.id));
    const at = thread.findIndex((x) => x.id === message.id);
    const moving = input.following ? thread.slice(at).map((x) => x.id) : [message.id];
    if (moving.length === thread.length) throw bad('that would move every message: the ticket would be left empty');

    const [created] = await m.tx
      .insert(tickets)
      .values({
        subject: (input.subject ?? firstLine(message.text)).slice(0, 500),
        status: 'open',
        priority: from.priority,
        channel: from.channel,
        inboxId: from.inboxId,
        threadKey: `split:${randomUUID()}`,
        customerId: from.customerId,
        teamId: from.teamId,
        lastMessageAt: message.createdAt,
        createdAt: m.now,
        updatedAt: m.now,
      })
      .returning();
    const t = created!;
    await m.tx.update(messages).set({ ticketId: t.id }).where(inArray(messages.id, moving));
    const [split] = await m.tx
      .update(tickets)
      .set(await timesOf(m.tx, t.id, t.lastMessageAt))
      .where(eq(tickets.id, t.id))
      .returning();
    await m.update(await timesOf(m.tx, from.id, from.lastMessageAt), 'message');
    await m.tx
      .insert(ticketLinks)
      .values({ ticketId: t.id, linkedTicketId: from.id, kind: 'split', createdByUserId: actorUserId(actor), createdAt: m.now });

    const data = { fromId: from.id, fromNumber: from.number, newId: t.id, newNumber: t.number, messages: moving.length };
    await recordEvent(
      m.tx,
      actor,
      { ticketId: t.id, kind: 'created', to: 'open', data: { channel: t.channel, splitFrom: from.number } },
      m.now,
    );
    await recordEvent(m.tx, actor, { ticketId: t.id, kind: 'split', data: { ...data, role: 'new' } }, m.now);
    await m.record({ kind: 'split', data: { ...data, role: 'source' } });
    await enqueue(m.tx, 'ticket.route', { ticketId: t.id }, { dedupeKey: `route:${t.id}`, runAfter: m.now });

    const view = presentTicket(split!);
    m.emit({ name: 'ticket.created', data: { ticket: view } });
    return { ticket: view, from: m.view(), movedMessages: moving.length };
  });
}

async function timesOf(tx: Parameters<typeof threadTimes>[0], ticketId: string, fallback: Date) {
  const times = await threadTimes(tx, ticketId);
  return {
    lastMessageAt: times.lastMessageAt ?? fallback,
    lastCustomerMessageAt: times.lastCustomerMessageAt,
    lastAgentMessageAt: times.lastAgentMessageAt,
  };
}

const firstLine = (text: string) => text.trim().split('\n')[0]?.trim() || '(no subject)';
