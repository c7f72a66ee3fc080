import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { channelKinds } from '../../../channels/types.ts';
import type { ServiceContext } from '../../context.ts';
import { csatResponses, customerIdentities, tickets } from '../../db/schema/index.ts';
import { conflict, forbidden, notFound } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { inTransaction } from '../transaction.ts';
import { presentCsat } from './present.ts';

export const csatCommentInput = z.strictObject({
  ticketId: z.uuid(),
  channel: z.enum(channelKinds),
  customerExternalId: z.string().min(1).max(320),
  resolvedAt: z.coerce.date(),
  comment: z.string().trim().min(1, 'is empty').max(2000),
});

/**
 * The optional words after a Telegram tap: attached to the one rating of that resolution, which must exist.
 * Once: the answer is then complete, and a later comment is refused (CONFLICT) like a second rating.
 */
export async function addCsatComment(ctx: ServiceContext, actor: Actor, raw: z.input<typeof csatCommentInput>) {
  if (actor.type !== 'system') throw forbidden('Only the customer can comment on their rating, through their channel');
  const input = parseInput(csatCommentInput, raw);
  return inTransaction(ctx, async (tx, emit) => {
    const [row] = await tx
      .select({ csat: csatResponses, customerId: tickets.customerId })
      .from(csatResponses)
      .innerJoin(tickets, eq(tickets.id, csatResponses.ticketId))
      .where(and(eq(csatResponses.ticketId, input.ticketId), eq(csatResponses.resolvedAt, input.resolvedAt)));
    if (!row) throw notFound('Rating');
    const [identity] = await tx
      .select({ customerId: customerIdentities.customerId })
      .from(customerIdentities)
      .where(and(eq(customerIdentities.channel, input.channel), eq(customerIdentities.externalId, input.customerExternalId)));
    if (identity?.customerId !== row.customerId) throw forbidden('Only the customer of this ticket can comment on its rating');
    const [saved] = await tx
      .update(csatResponses)
      .set({ comment: input.comment, updatedAt: ctx.now() })
      .where(and(eq(csatResponses.id, row.csat.id), isNull(csatResponses.comment)))
      .returning();
    if (!saved) throw conflict('This rating already has a comment; there is one answer per survey', { reason: 'answered' });
    const csat = presentCsat(saved);
    emit({ name: 'csat.recorded', data: { csat } });
    return csat;
  });
}
