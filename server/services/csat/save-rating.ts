import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { csatResponses, type tickets } from '../../db/schema/index.ts';
import { conflict } from '../../errors.ts';
import type { DomainEvent } from '../../events.ts';
import type { ChannelKind } from '../../../channels/types.ts';
import { recordEvent } from '../tickets/record-event.ts';
import { presentCsat, type CsatView } from './present.ts';

type TicketRow = typeof tickets.$inferSelect;

export interface RatingToSave {
  channel: ChannelKind;
  resolvedAt: Date;
  rating: number;
  comment?: string | undefined;
}

/**
 * Writes the rating of one resolution, its history row and its event, inside the caller's transaction.
 * One answer per resolution on every channel: a second one throws CONFLICT (with the rating already given,
 * for the customer's "you already rated this") and writes nothing.
 */
export async function saveRating(tx: Tx, emit: (e: DomainEvent) => void, now: Date, ticket: TicketRow, r: RatingToSave): Promise<CsatView> {
  const values = {
    ticketId: ticket.id,
    channel: r.channel,
    customerId: ticket.customerId,
    agentId: ticket.assigneeId,
    rating: r.rating,
    comment: r.comment || null,
    resolvedAt: r.resolvedAt,
    createdAt: now,
    updatedAt: now,
  };
  const [saved] = await tx
    .insert(csatResponses)
    .values(values)
    .onConflictDoNothing({ target: [csatResponses.ticketId, csatResponses.resolvedAt] })
    .returning();
  if (!saved) {
    const [given] = await tx
      .select({ rating: csatResponses.rating })
      .from(csatResponses)
      .where(and(eq(csatResponses.ticketId, ticket.id), eq(csatResponses.resolvedAt, r.resolvedAt)));
    throw conflict(`Ticket #${ticket.number} was already rated for this resolution; there is one answer per survey`, {
      reason: 'answered',
      rating: given?.rating ?? null,
    });
  }
  const csat = presentCsat(saved);
  await recordEvent(
    tx,
    { type: 'customer', customerId: ticket.customerId },
    {
      ticketId: ticket.id,
      kind: 'csat_rated',
      to: String(r.rating),
      data: { channel: r.channel, csatId: csat.id, ...(csat.comment ? { comment: csat.comment } : {}) },
    },
    now,
  );
  emit({ name: 'csat.recorded', data: { csat } });
  return csat;
}
