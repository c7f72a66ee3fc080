import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import { z } from 'zod';
import { channelKinds } from '../../../channels/types.ts';
import type { ServiceContext } from '../../context.ts';
import { csatResponses, customerIdentities, tickets } from '../../db/schema/index.ts';
import { forbidden, notFound } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { recordEvent } from '../tickets/record-event.ts';
import { inTransaction } from '../transaction.ts';
import { presentCsat } from './present.ts';

export const csatRatingInput = z.strictObject({
  ticketId: z.uuid(),
  channel: z.enum(channelKinds),
  /** Who answered, as the channel knows them (Telegram user id, widget visitor id): must be the ticket's customer. */
  customerExternalId: z.string().min(1).max(320),
  /** The resolution the survey was sent for. */
  resolvedAt: z.coerce.date(),
  rating: z.number().int().min(1, 'rating must be 1 to 5').max(5, 'rating must be 1 to 5'),
  comment: z.string().trim().max(2000).optional(),
});

/**
 * Stores the customer's rating of one resolution. Only a channel acting for the customer may call this (an
 * agent cannot rate their own work). Answering the same survey again changes the rating; it never adds a row.
 */
export async function recordCsatRating(ctx: ServiceContext, actor: Actor, raw: z.input<typeof csatRatingInput>) {
  if (actor.type !== 'system') throw forbidden('Only the customer can rate the service, through their channel');
  const input = parseInput(csatRatingInput, raw);
  return inTransaction(ctx, async (tx, emit) => {
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, input.ticketId));
    if (!ticket) throw notFound('Ticket');
    const [identity] = await tx
      .select({ customerId: customerIdentities.customerId })
      .from(customerIdentities)
      .where(and(eq(customerIdentities.channel, input.channel), eq(customerIdentities.externalId, input.customerExternalId)));
    if (identity?.customerId !== ticket.customerId) throw forbidden('Only the customer of this ticket can rate it');
    const now = ctx.now();
    const [row] = await tx
      .insert(csatResponses)
      .values({ ticketId: ticket.id, channel: input.channel, customerId: ticket.customerId, rating: input.rating, comment: input.comment ?? null, resolvedAt: input.resolvedAt, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [csatResponses.ticketId, csatResponses.resolvedAt],
        set: { rating: input.rating, ...(input.comment ? { comment: input.comment } : {}), updatedAt: now },
      })
      .returning({ ...getTableColumns(csatResponses), inserted: sql<boolean>`(xmax = 0)` });
    const { inserted, ...saved } = row!;
    const csat = presentCsat(saved);
    await recordEvent(tx, { type: 'customer', customerId: ticket.customerId }, { ticketId: ticket.id, kind: 'csat_rated', to: String(input.rating), data: { channel: input.channel, csatId: csat.id, changed: !inserted } }, now);
    emit({ name: 'csat.recorded', data: { csat } });
    return { csat, changed: !inserted };
  });
}
