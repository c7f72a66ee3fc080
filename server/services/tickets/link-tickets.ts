import { and, eq, or } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { ticketLinks } from '../../db/schema/index.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { AGENT_ROLES, actorUserId, requireRole, type Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { inTransaction } from '../transaction.ts';
import { recordEvent } from './record-event.ts';
import { isUuid, loadVisibleTicket } from './visibility.ts';

export const linkTicketsInput = z.strictObject({ ticketId: z.uuid().describe('The related ticket') });

/** Either direction of a pair: a link is shown on both tickets. */
const pair = (a: string, b: string) =>
  or(
    and(eq(ticketLinks.ticketId, a), eq(ticketLinks.linkedTicketId, b)),
    and(eq(ticketLinks.ticketId, b), eq(ticketLinks.linkedTicketId, a)),
  );

/** Marks two tickets as related: one row, shown on both, with a history line on each. */
export async function linkTickets(ctx: ServiceContext, actor: Actor, ticketId: string, raw: z.input<typeof linkTicketsInput>) {
  requireRole(actor, AGENT_ROLES, 'Linking tickets');
  const input = parseInput(linkTicketsInput, raw);
  if (input.ticketId === ticketId)
    throw invalid('ticketId: a ticket cannot be linked to itself', [{ path: 'ticketId', message: 'same ticket' }]);
  return inTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const [a, b] = await visiblePair(tx, actor, ticketId, input.ticketId);
    const [existing] = await tx.select().from(ticketLinks).where(pair(a.id, b.id));
    if (existing) throw conflict(`Tickets #${a.number} and #${b.number} are already linked (${existing.kind})`, { kind: existing.kind });
    await tx
      .insert(ticketLinks)
      .values({ ticketId: a.id, linkedTicketId: b.id, kind: 'related', createdByUserId: actorUserId(actor), createdAt: now });
    await recordEvent(tx, actor, { ticketId: a.id, kind: 'linked', data: { ticketId: b.id, number: b.number } }, now);
    await recordEvent(tx, actor, { ticketId: b.id, kind: 'linked', data: { ticketId: a.id, number: a.number } }, now);
    return { ticketId: a.id, linkedTicketId: b.id };
  });
}

/** Removes a 'related' link (merge and split links are the record of what happened and stay). */
export async function unlinkTickets(ctx: ServiceContext, actor: Actor, ticketId: string, otherId: string) {
  requireRole(actor, AGENT_ROLES, 'Unlinking tickets');
  if (!isUuid(otherId)) throw notFound('Link');
  return inTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const [a, b] = await visiblePair(tx, actor, ticketId, otherId);
    const removed = await tx
      .delete(ticketLinks)
      .where(and(pair(a.id, b.id), eq(ticketLinks.kind, 'related')))
      .returning();
    if (!removed.length) throw notFound('Link');
    await recordEvent(tx, actor, { ticketId: a.id, kind: 'unlinked', data: { ticketId: b.id, number: b.number } }, now);
    await recordEvent(tx, actor, { ticketId: b.id, kind: 'unlinked', data: { ticketId: a.id, number: a.number } }, now);
    return { removed: removed.length };
  });
}

async function visiblePair(tx: Tx, actor: Actor, a: string, b: string) {
  return [await loadVisibleTicket(tx, actor, a), await loadVisibleTicket(tx, actor, b)] as const;
}
