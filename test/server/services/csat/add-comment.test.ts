import { describe, expect, it } from 'vitest';
import { csatResponses } from '../../../../server/db/schema/index.ts';
import { systemActor } from '../../../../server/services/actor.ts';
import { addCsatComment } from '../../../../server/services/csat/add-comment.ts';
import { answerCsatSurvey } from '../../../../server/services/csat/answer-survey.ts';
import { surveyTokens } from '../../../../server/services/csat/survey-token.ts';
import { resolve } from '../../../../server/services/tickets/resolve.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildActor, buildTicket } from '../../../support/factories.ts';

const { t } = contextWorld();

const channel = systemActor('telegram');

/** A Telegram ticket resolved and rated 3 through its survey button. */
async function ratedTicket() {
  const ticket = await buildTicket(t.ctx, { channel: 'telegram', threadKey: '123:555', sender: { externalId: '555' } });
  const view = await resolve(t.ctx, await buildActor(t.ctx, ['agent']), ticket.ticketId);
  const resolvedAt = new Date(view.resolvedAt!);
  const token = surveyTokens(t.ctx.config).issueCompact(ticket.ticketId, resolvedAt);
  await answerCsatSurvey(t.ctx, channel, { token, rating: 3, respondent: { channel: 'telegram', customerExternalId: '555' } });
  return { ticketId: ticket.ticketId, channel: 'telegram' as const, customerExternalId: '555', resolvedAt };
}

describe('addCsatComment', () => {
  it("attaches the customer's words to their rating", async () => {
    const base = await ratedTicket();
    const csat = await addCsatComment(t.ctx, channel, { ...base, comment: '  Took two days to answer  ' });
    expect(csat).toMatchObject({ rating: 3, comment: 'Took two days to answer' });
  });

  it('takes one comment: the answer is then complete and a second comment changes nothing', async () => {
    const base = await ratedTicket();
    await addCsatComment(t.ctx, channel, { ...base, comment: 'Friendly' });
    await expect(addCsatComment(t.ctx, channel, { ...base, comment: 'Actually, slow' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await t.ctx.db.select().from(csatResponses)).map((r) => [r.rating, r.comment])).toEqual([[3, 'Friendly']]);
  });

  it('refuses agents and other customers, and a comment on a resolution that was never rated', async () => {
    const base = await ratedTicket();
    await buildTicket(t.ctx, { channel: 'telegram', threadKey: '123:777', sender: { externalId: '777' } });
    const agent = await buildActor(t.ctx, ['admin']);
    await expect(addCsatComment(t.ctx, agent, { ...base, comment: 'great' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(addCsatComment(t.ctx, channel, { ...base, customerExternalId: '777', comment: 'great' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(addCsatComment(t.ctx, channel, { ...base, resolvedAt: new Date(), comment: 'great' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const [row] = await t.ctx.db.select().from(csatResponses);
    expect(row!.comment).toBeNull();
  });

  it('names the field of an empty comment', async () => {
    const base = await ratedTicket();
    await expect(addCsatComment(t.ctx, channel, { ...base, comment: '   ' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'Invalid input: comment: is empty',
    });
  });
});
