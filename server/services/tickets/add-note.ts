import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { messages } from '../../db/schema/index.ts';
import { actorUserId, type Actor } from '../actor.ts';
import { findMentions, notifyMentioned } from '../notifications/mentions.ts';
import { parseInput } from '../parse-input.ts';
import type { TicketMutation } from './mutate-ticket.ts';
import { mutateTicket } from './mutate-ticket.ts';
import { presentMessage, presentTicket } from './present.ts';

export const MAX_MESSAGE_TEXT = 50_000;
/** A client-chosen id per send: a retried request returns the first message instead of storing a second. */
export const clientIdSchema = z.string().min(1).max(100);

export const addNoteInput = z.strictObject({
  text: z.string().trim().min(1, 'a note needs text').max(MAX_MESSAGE_TEXT),
  clientId: clientIdSchema.optional(),
});

/** The message this actor already sent with this client id, if any (the ticket row lock orders concurrent sends). */
export async function findByClientId(m: TicketMutation, clientId: string | undefined) {
  if (!clientId) return undefined;
  const [row] = await m.tx
    .select()
    .from(messages)
    .where(and(eq(messages.ticketId, m.ticket.id), sql`${messages.meta}->>'clientId' = ${clientId}`));
  return row;
}

/** An internal note: part of the thread for agents, never delivered to the customer. */
export async function insertNote(m: TicketMutation, text: string, meta: Record<string, unknown> = {}) {
  const [note] = await m.tx
    .insert(messages)
    .values({
      ticketId: m.ticket.id,
      direction: 'note',
      channel: m.ticket.channel,
      authorUserId: actorUserId(m.actor),
      text,
      deliveryStatus: 'received',
      meta,
      createdAt: m.now,
    })
    .returning();
  await m.record({ kind: 'note_added', data: { messageId: note!.id } });
  return note!;
}

export async function addNote(ctx: ServiceContext, actor: Actor, ticketId: string, raw: z.input<typeof addNoteInput>) {
  const input = parseInput(addNoteInput, raw);
  return mutateTicket(ctx, actor, ticketId, 'Adding a note', async (m) => {
    const earlier = await findByClientId(m, input.clientId);
    if (earlier) return { ticket: presentTicket(m.ticket), message: presentMessage(earlier), duplicate: true };
    const mentions = await findMentions(m.tx, input.text);
    const note = await insertNote(m, input.text, {
      ...(input.clientId ? { clientId: input.clientId } : {}),
      ...(mentions.length ? { mentions } : {}),
    });
    await notifyMentioned(
      m.tx,
      { ticketId: m.ticket.id, messageId: note.id, authorId: actorUserId(actor), text: input.text, now: m.now },
      mentions,
    );
    await m.update({}, 'notes');
    const message = presentMessage(note);
    m.emit({ name: 'message.created', data: { ticket: m.view(), message } });
    return { ticket: m.view(), message, duplicate: false };
  });
}
