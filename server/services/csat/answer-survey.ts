import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { csatResponses, customerIdentities, tickets } from '../../db/schema/index.ts';
import { forbidden, invalid, ServiceError } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { inTransaction } from '../transaction.ts';
import { presentCsat } from './present.ts';
import { saveRating } from './save-rating.ts';
import { surveyTokens, type SurveyClaim } from './survey-token.ts';

export const surveyAnswerInput = z.strictObject({
  token: z.string().min(1, 'is required').max(200, 'is not a survey token'),
  rating: z.coerce.number().int('rating must be 1 to 5').min(1, 'rating must be 1 to 5').max(5, 'rating must be 1 to 5'),
  comment: z.string().trim().max(2000, 'comment is longer than 2000 characters').optional(),
  /** When the channel also knows who answers (widget visitor, Telegram user id), they must be the ticket's customer. */
  respondent: z.strictObject({ channel: z.enum(['widget', 'telegram']), customerExternalId: z.string().min(1).max(320) }).optional(),
});

type TicketRow = typeof tickets.$inferSelect;
const sameTime = (a: Date | null, b: Date) => !!a && a.getTime() === b.getTime();

/** The token's claim and the ticket it names, or the reason the survey cannot be answered (VALIDATION, GONE). */
export async function openSurvey(
  ctx: ServiceContext,
  db: DbOrTx,
  token: string,
  opts: { lock?: boolean } = {},
): Promise<{ claim: SurveyClaim; ticket: TicketRow }> {
  const checked = surveyTokens(ctx.config).check(token, ctx.now());
  if (!checked.ok && checked.reason !== 'expired')
    throw invalid('This survey link is not valid: it is incomplete or was altered', { reason: checked.reason });
  if (!checked.ok)
    throw new ServiceError('GONE', 'This survey link has expired', {
      reason: 'expired',
      expiresAt: checked.claim!.expiresAt.toISOString(),
    });
  const { claim } = checked;
  const query = db.select().from(tickets).where(eq(tickets.id, claim.ticketId));
  const [ticket] = opts.lock ? await query.for('update') : await query;
  if (!ticket) throw new ServiceError('GONE', 'The ticket this survey asks about no longer exists', { reason: 'deleted' });
  if (!sameTime(ticket.resolvedAt, claim.resolvedAt)) {
    throw new ServiceError(
      'GONE',
      `Ticket #${ticket.number} was reopened after this survey was sent; you will be asked again when it is resolved`,
      { reason: 'reopened' },
    );
  }
  return { claim, ticket };
}

/** What the rating page shows before anything is recorded: the ticket and the answer given so far, if any. */
export async function inspectSurvey(ctx: ServiceContext, token: string) {
  const { claim, ticket } = await openSurvey(ctx, ctx.db, token);
  const [answer] = await ctx.db
    .select()
    .from(csatResponses)
    .where(and(eq(csatResponses.ticketId, ticket.id), eq(csatResponses.resolvedAt, claim.resolvedAt)));
  return {
    ticket: { id: ticket.id, number: ticket.number, subject: ticket.subject },
    expiresAt: claim.expiresAt.toISOString(),
    answer: answer ? presentCsat(answer) : null,
  };
}

/**
 * The customer's answer to a survey (email rating page, widget prompt, Telegram button). The signed token is the proof:
 * it names the ticket and the resolution, and only went to that ticket's customer. One answer per resolution:
 * a second one is refused (CONFLICT) and changes nothing. Only a channel acting for the customer (a system
 * actor) may call this: a signed-in agent, even one holding a valid link, cannot rate.
 */
export async function answerCsatSurvey(ctx: ServiceContext, actor: Actor, raw: z.input<typeof surveyAnswerInput>) {
  if (actor.type !== 'system') throw forbidden('Only the customer can rate the service, through their survey link');
  const input = parseInput(surveyAnswerInput, raw);
  return inTransaction(ctx, async (tx, emit) => {
    const { claim, ticket } = await openSurvey(ctx, tx, input.token, { lock: true });
    if (input.respondent) {
      const [identity] = await tx
        .select({ customerId: customerIdentities.customerId })
        .from(customerIdentities)
        .where(
          and(
            eq(customerIdentities.channel, input.respondent.channel),
            eq(customerIdentities.externalId, input.respondent.customerExternalId),
          ),
        );
      if (identity?.customerId !== ticket.customerId) throw forbidden('This survey belongs to another conversation');
    }
    return saveRating(tx, emit, ctx.now(), ticket, {
      channel: ticket.channel,
      resolvedAt: claim.resolvedAt,
      rating: input.rating,
      comment: input.comment,
    });
  });
}
