import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { messages, ticketLinks, tickets } from '../../db/schema/index.ts';
import { conflict, invalid } from '../../errors.ts';
import { AGENT_ROLES, actorUserId, requireRole, type Actor } from '../actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { parseInput } from '../parse-input.ts';
import { MAX_TAGS, mergeTags } from '../tags.ts';
import { inTransaction } from '../transaction.ts';
import { presentTicket } from './present.ts';
import { recordEvent } from './record-event.ts';
import { threadTimes } from './thread-times.ts';
import { loadVisibleTicket } from './visibility.ts';

type TicketRow = typeof tickets.$inferSelect;

export const mergeTicketsInput = z.strictObject({
  targetId: z.uuid().describe('The surviving ticket'),
  confirmOtherCustomer: z
    .boolean()
    .optional()
    .describe("Needed when the target belongs to another customer: the source customer's messages then live on that customer's ticket"),
});

/**
 * Merges the source ticket into the target: the source's messages move into the target's thread (read in time
 * order), both histories stay and each gets a 'merged' event, and the source is closed with merged_into_id and a
 * 'merged' link. Replies then go out on the target's channel; a later customer message on the source's
 * conversation lands in the target (findThreadTicket follows merged_into_id).
 */
export async function mergeTickets(ctx: ServiceContext, actor: Actor, sourceId: string, raw: z.input<typeof mergeTicketsInput>) {
  requireRole(actor, AGENT_ROLES, 'Merging tickets');
  const input = parseInput(mergeTicketsInput, raw);
  if (input.targetId === sourceId) {
    throw invalid('targetId: a ticket cannot be merged into itself', [{ path: 'targetId', message: 'same as the source ticket' }]);
  }
  return inTransaction(ctx, async (tx, emit) => {
    const now = ctx.now();
    const { source, target } = await lockPair(tx, actor, sourceId, input.targetId);
    assertMergeable(source, target, input.confirmOtherCustomer === true);

    // Marked where they came from: a channel showing the customer their conversation (the widget) leaves them out.
    const moved = await tx
      .update(messages)
      .set({ ticketId: target.id, meta: sql`${messages.meta} || ${JSON.stringify({ mergedFrom: source.id })}::jsonb` })
      .where(eq(messages.ticketId, source.id))
      .returning({ id: messages.id });
    const times = await threadTimes(tx, target.id);
    const [survivor] = await tx
      .update(tickets)
      .set({
        lastMessageAt: times.lastMessageAt ?? target.lastMessageAt,
        lastCustomerMessageAt: times.lastCustomerMessageAt,
        lastAgentMessageAt: times.lastAgentMessageAt,
        firstResponseAt: target.firstResponseAt ?? source.firstResponseAt,
        tags: mergeTags(target.tags, source.tags).slice(0, MAX_TAGS),
        updatedAt: now,
      })
      .where(eq(tickets.id, target.id))
      .returning();
    const [merged] = await tx
      .update(tickets)
      .set({ status: 'closed', closedAt: now, resolvedAt: source.resolvedAt ?? now, mergedIntoId: target.id, updatedAt: now })
      .where(eq(tickets.id, source.id))
      .returning();
    await tx
      .insert(ticketLinks)
      .values({ ticketId: source.id, linkedTicketId: target.id, kind: 'merged', createdByUserId: actorUserId(actor), createdAt: now })
      .onConflictDoUpdate({ target: [ticketLinks.ticketId, ticketLinks.linkedTicketId], set: { kind: 'merged' } });

    const data = {
      sourceId: source.id,
      sourceNumber: source.number,
      targetId: target.id,
      targetNumber: target.number,
      messages: moved.length,
    };
    await recordEvent(
      tx,
      actor,
      { ticketId: source.id, kind: 'merged', from: source.status, to: 'closed', data: { ...data, role: 'source' } },
      now,
    );
    await recordEvent(tx, actor, { ticketId: target.id, kind: 'merged', data: { ...data, role: 'target' } }, now);
    await recordAudit(tx, actor, { action: 'ticket.merge', targetType: 'ticket', targetId: source.id, data });

    const survivorView = presentTicket(survivor!);
    const mergedView = presentTicket(merged!);
    emit({ name: 'ticket.updated', data: { ticket: mergedView, changes: ['status', 'merged'] } });
    emit({ name: 'ticket.updated', data: { ticket: survivorView, changes: ['message', 'merged'] } });
    return { ticket: survivorView, merged: mergedView, movedMessages: moved.length };
  });
}

/** Both rows locked, always in the same order, so two merges of the same pair cannot deadlock. */
async function lockPair(tx: Tx, actor: Actor, sourceId: string, targetId: string) {
  const [first, second] = [sourceId, targetId].sort();
  const a = await loadVisibleTicket(tx, actor, first!, { lock: true });
  const b = await loadVisibleTicket(tx, actor, second!, { lock: true });
  return a.id === sourceId ? { source: a, target: b } : { source: b, target: a };
}

function assertMergeable(source: TicketRow, target: TicketRow, otherCustomerConfirmed: boolean): void {
  if (source.mergedIntoId || source.status === 'closed') {
    throw conflict(`Ticket #${source.number} is closed${source.mergedIntoId ? ' (already merged)' : ''}: it cannot be merged`, {
      reason: source.mergedIntoId ? 'source_merged' : 'source_closed',
    });
  }
  if (target.mergedIntoId || target.status === 'closed') {
    throw conflict(`Ticket #${target.number} is closed${target.mergedIntoId ? ' (merged)' : ''}: nothing can be merged into it`, {
      reason: target.mergedIntoId ? 'target_merged' : 'target_closed',
    });
  }
  // As Zendesk does: tickets of different requesters can be merged, but only after the agent has been told so.
  if (source.customerId !== target.customerId && !otherCustomerConfirmed) {
    throw conflict(`Ticket #${target.number} belongs to another customer: confirm with confirmOtherCustomer to merge anyway`, {
      reason: 'other_customer',
      field: 'confirmOtherCustomer',
    });
  }
}
