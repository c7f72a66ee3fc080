import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { channelKinds } from '../../../channels/types.ts';
import type { ServiceContext } from '../../context.ts';
import { customerIdentities, tickets } from '../../db/schema/index.ts';
import { forbidden, notFound } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { inTransaction } from '../transaction.ts';
import { saveRating } from './save-rating.ts';

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
    return saveRating(tx, emit, ctx.now(), ticket, input, 'update');
  });
}
