import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { csatResponses, outbox, ticketEvents } from '../../../../server/db/schema/index.ts';
import { systemActor } from '../../../../server/services/actor.ts';
import { answerCsatSurvey, inspectSurvey } from '../../../../server/services/csat/answer-survey.ts';
import { CSAT_SURVEY_TTL_MS, surveyTokens } from '../../../../server/services/csat/survey-token.ts';
import { assign } from '../../../../server/services/tickets/assign.ts';
import { reopen } from '../../../../server/services/tickets/reopen.ts';
import { resolve } from '../../../../server/services/tickets/resolve.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildActor, buildTicket } from '../../../support/factories.ts';

const { t } = contextWorld();

const page = systemActor('csat-page');

/** An email ticket assigned to an agent and resolved by them: the survey token for that resolution. */
async function resolvedTicket() {
  const agent = await buildActor(t.ctx, ['agent', 'supervisor']);
  const ticket = await buildTicket(t.ctx, { channel: 'email', sender: { externalId: 'ann@customer.example', displayName: 'Ann' } });
  await assign(t.ctx, agent, ticket.ticketId, { assigneeId: agent.id });
  const view = await resolve(t.ctx, agent, ticket.ticketId);
  const token = surveyTokens(t.ctx.config).issue(ticket.ticketId, new Date(view.resolvedAt!));
  return { agent, ticket, view, token };
}

const answers = () => t.ctx.db.select().from(csatResponses);

describe('answering a CSAT survey link', () => {
  it('resolving queues one survey job for that resolution, in the same transaction', async () => {
    const { ticket, view } = await resolvedTicket();
    const jobs = await t.ctx.db.select().from(outbox).where(eq(outbox.topic, 'csat.survey'));
    expect(jobs.map((j) => j.payload)).toEqual([{ ticketId: ticket.ticketId, resolvedAt: view.resolvedAt }]);
  });

  it('looking at the survey records nothing; the answer is stored once with the agent whose work it rates', async () => {
    const { agent, ticket, token } = await resolvedTicket();
    expect(await inspectSurvey(t.ctx, token)).toMatchObject({ ticket: { id: ticket.ticketId }, answer: null });
    expect(await answers()).toEqual([]);

    const csat = await answerCsatSurvey(t.ctx, page, { token, rating: 4, comment: '  Quick and kind  ' });
    expect(csat).toMatchObject({
      ticketId: ticket.ticketId,
      rating: 4,
      comment: 'Quick and kind',
      channel: 'email',
      agentId: agent.id,
      customerId: ticket.customerId,
    });
    const history = await t.ctx.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.ticketId));
    expect(history.filter((e) => e.kind === 'csat_rated')).toMatchObject([{ actorType: 'customer', toValue: '4' }]);
    expect(await inspectSurvey(t.ctx, token)).toMatchObject({ answer: { rating: 4 } });
  });

  it('refuses a second answer to the same survey and keeps the first', async () => {
    const { token } = await resolvedTicket();
    await answerCsatSurvey(t.ctx, page, { token, rating: 2 });
    await expect(answerCsatSurvey(t.ctx, page, { token, rating: 5, comment: 'changed my mind' })).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'answered', rating: 2 },
    });
    expect((await answers()).map((a) => [a.rating, a.comment])).toEqual([[2, null]]);
  });

  it('a reopened ticket no longer takes the old answer; resolved again, it asks (and is rated) anew', async () => {
    const { agent, ticket, token } = await resolvedTicket();
    await answerCsatSurvey(t.ctx, page, { token, rating: 2 });
    await reopen(t.ctx, agent, ticket.ticketId);
    t.clock.advance(60_000);
    const again = await resolve(t.ctx, agent, ticket.ticketId);
    await expect(answerCsatSurvey(t.ctx, page, { token, rating: 5 })).rejects.toMatchObject({
      code: 'GONE',
      details: { reason: 'reopened' },
    });
    const second = surveyTokens(t.ctx.config).issue(ticket.ticketId, new Date(again.resolvedAt!));
    expect(second).not.toBe(token);
    await answerCsatSurvey(t.ctx, page, { token: second, rating: 5 });
    expect((await answers()).map((a) => a.rating).sort()).toEqual([2, 5]);
    expect(await t.ctx.db.$count(outbox, eq(outbox.topic, 'csat.survey'))).toBe(2);
  });

  it('refuses expired, forged and malformed links, and writes nothing', async () => {
    const { token } = await resolvedTicket();
    const [v, id, at, exp, sig] = token.split('.');
    const forged = [v, id, (parseInt(at!, 36) + 1).toString(36), exp, sig].join('.');
    await expect(answerCsatSurvey(t.ctx, page, { token: forged, rating: 5 })).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { reason: 'forged' },
    });
    await expect(answerCsatSurvey(t.ctx, page, { token: 'not-a-token', rating: 5 })).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { reason: 'malformed' },
    });
    t.clock.advance(CSAT_SURVEY_TTL_MS + 1_000);
    await expect(answerCsatSurvey(t.ctx, page, { token, rating: 5 })).rejects.toMatchObject({
      code: 'GONE',
      details: { reason: 'expired' },
    });
    await expect(inspectSurvey(t.ctx, token)).rejects.toMatchObject({ code: 'GONE' });
    expect(await answers()).toEqual([]);
  });

  it('refuses a signed-in user, even an admin holding a valid link, and a widget visitor who is not the customer', async () => {
    const { token } = await resolvedTicket();
    const admin = await buildActor(t.ctx, ['admin', 'supervisor', 'agent']);
    await expect(answerCsatSurvey(t.ctx, admin, { token, rating: 5 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      answerCsatSurvey(t.ctx, systemActor('widget'), {
        token,
        rating: 5,
        respondent: { channel: 'widget', customerExternalId: 'some-visitor' },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await answers()).toEqual([]);
  });

  it('names what is wrong with a rating out of range', async () => {
    const { token } = await resolvedTicket();
    await expect(answerCsatSurvey(t.ctx, page, { token, rating: 0 })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'Invalid input: rating: rating must be 1 to 5',
    });
  });

  it("takes a Telegram button's compact token from the ticket's customer only", async () => {
    const agent = await buildActor(t.ctx, ['agent']);
    const ticket = await buildTicket(t.ctx, {
      channel: 'telegram',
      threadKey: '123:555000111',
      sender: { externalId: '555000111', displayName: 'Anna' },
    });
    await buildTicket(t.ctx, { channel: 'telegram', threadKey: '123:999', sender: { externalId: '999' } });
    await assign(t.ctx, agent, ticket.ticketId, { assigneeId: agent.id });
    const view = await resolve(t.ctx, agent, ticket.ticketId);
    const token = surveyTokens(t.ctx.config).issueCompact(ticket.ticketId, new Date(view.resolvedAt!));
    const bot = systemActor('telegram');
    await expect(
      answerCsatSurvey(t.ctx, bot, { token, rating: 5, respondent: { channel: 'telegram', customerExternalId: '999' } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await answers()).toEqual([]);
    const csat = await answerCsatSurvey(t.ctx, bot, {
      token,
      rating: 3,
      respondent: { channel: 'telegram', customerExternalId: '555000111' },
    });
    expect(csat).toMatchObject({ channel: 'telegram', rating: 3, agentId: agent.id, resolvedAt: view.resolvedAt });
  });
});
