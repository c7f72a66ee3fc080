import { getTableColumns, sql } from 'drizzle-orm';
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
 * `onRepeat` decides a second answer to the same resolution: 'update' changes the rating (the Telegram
 * keyboard's behaviour), 'refuse' throws CONFLICT and writes nothing (one answer per resolution).
 */
export async function saveRating(
  tx: Tx,
  emit: (e: DomainEvent) => void,
  now: Date,
  ticket: TicketRow,
  r: RatingToSave,
  onRepeat: 'update' | 'refuse',
): Promise<{ csat: CsatView; changed: boolean }> {
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
  const insert = tx.insert(csatResponses).values(values);
  const returning = { ...getTableColumns(csatResponses), inserted: sql<boolean>`(xmax = 0)` };
  const [row] =
    onRepeat === 'update'
      ? await insert
          .onConflictDoUpdate({
            target: [csatResponses.ticketId, csatResponses.resolvedAt],
            set: { rating: r.rating, ...(r.comment ? { comment: r.comment } : {}), updatedAt: now },
          })
          .returning(returning)
      : await insert.onConflictDoNothing({ target: [csatResponses.ticketId, csatResponses.resolvedAt] }).returning(returning);
  if (!row) throw conflict(`Ticket #${ticket.number} was already rated for this resolution; there is one answer per survey`, { reason: 'answered' });
  const { inserted, ...saved } = row;
  const csat = presentCsat(saved);
  await recordEvent(
    tx,
    { type: 'customer', customerId: ticket.customerId },
    { ticketId: ticket.id, kind: 'csat_rated', to: String(r.rating), data: { channel: r.channel, csatId: csat.id, changed: !inserted, ...(csat.comment ? { comment: csat.comment } : {}) } },
    now,
  );
  emit({ name: 'csat.recorded', data: { csat } });
  return { csat, changed: !inserted };
}
