import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { teams, ticketEvents } from '../../../../server/db/schema/index.ts';
import { systemActor } from '../../../../server/services/actor.ts';
import { answerCsatSurvey } from '../../../../server/services/csat/answer-survey.ts';
import { surveyTokens } from '../../../../server/services/csat/survey-token.ts';
import { agentTable } from '../../../../server/services/reports/agent-table.ts';
import { assign } from '../../../../server/services/tickets/assign.ts';
import { reply } from '../../../../server/services/tickets/reply.ts';
import { resolve } from '../../../../server/services/tickets/resolve.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildTeamTicket, buildWorld, ticketRow } from '../../../support/ticket-world.ts';

const { t } = contextWorld();
let w: Awaited<ReturnType<typeof buildWorld>>;
beforeEach(async () => {
  w = await buildWorld(t.ctx);
});

const assignments = async (ticketId: string) =>
  (await t.ctx.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(ticketEvents.id))
    .filter((e) => e.kind === 'assigned')
    .map((e) => ({ from: e.fromValue, to: e.toValue, actorId: e.actorId, data: e.data }));
const switchOff = (teamId: string) => t.ctx.db.update(teams).set({ assignOnReply: false }).where(eq(teams.id, teamId));
const day = (offset: number) => new Date(t.ctx.now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
const today = () => ({ from: day(-1), to: day(1), tz: 'UTC' });

describe('replying to or resolving an unassigned ticket', () => {
  it('a reply gives the ticket to the one who answered, in the history and in the event', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamA.id);
    t.published.length = 0;
    const { ticket } = await reply(t.ctx, w.agentA, ticketId, { text: 'On it' });
    expect(ticket.assigneeId).toBe(w.agentA.id);
    expect(await assignments(ticketId)).toEqual([
      { from: null, to: w.agentA.id, actorId: w.agentA.id, data: { assigneeName: w.agentA.name, action: 'reply' } },
    ]);
    const updated = t.published.find((e) => e.name === 'ticket.updated');
    expect(updated?.data).toMatchObject({ ticket: { assigneeId: w.agentA.id }, changes: expect.arrayContaining(['assignee']) });

    await reply(t.ctx, w.agentA, ticketId, { text: 'Still on it' });
    expect(await assignments(ticketId)).toHaveLength(1);
  });

  it('a resolve gives it to the one who resolved it, before the survey is asked', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamB.id);
    const view = await resolve(t.ctx, w.agentB, ticketId);
    expect(view).toMatchObject({ status: 'resolved', assigneeId: w.agentB.id });
    expect(await assignments(ticketId)).toMatchObject([{ to: w.agentB.id, data: { action: 'resolve' } }]);
  });

  it('leaves a ticket that has an assignee with them', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamA.id);
    await assign(t.ctx, w.supervisor, ticketId, { assigneeId: w.agentA.id });
    await reply(t.ctx, w.supervisor, ticketId, { text: 'Stepping in' });
    await resolve(t.ctx, w.admin, ticketId);
    expect((await ticketRow(t.ctx, ticketId)).assigneeId).toBe(w.agentA.id);
    expect(await assignments(ticketId)).toHaveLength(1);
  });

  it('does nothing for a team with the switch off: the ticket stays in its queue', async () => {
    await switchOff(w.teamA.id);
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamA.id);
    await reply(t.ctx, w.agentA, ticketId, { text: 'On it' });
    await resolve(t.ctx, w.agentA, ticketId);
    expect((await ticketRow(t.ctx, ticketId)).assigneeId).toBeNull();
    expect(await assignments(ticketId)).toEqual([]);
  });

  it('claims a ticket without a team (there is no switch to ask)', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, null);
    expect((await reply(t.ctx, w.admin, ticketId, { text: 'Hello' })).ticket.assigneeId).toBe(w.admin.id);
  });

  it('never assigns to the system', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamA.id);
    await resolve(t.ctx, systemActor('automation'), ticketId);
    expect((await ticketRow(t.ctx, ticketId)).assigneeId).toBeNull();
  });
});

describe('reports credit the one who did the work', () => {
  it('assigned, replies, resolved, handle time and the 4★ rating all count for the agent', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamA.id, { channel: 'email' });
    t.clock.advance(60_000);
    await reply(t.ctx, w.agentA, ticketId, { text: 'Sent a new one' });
    t.clock.advance(120_000);
    const view = await resolve(t.ctx, w.agentA, ticketId);
    const token = surveyTokens(t.ctx.config).issue(ticketId, new Date(view.resolvedAt!));
    await answerCsatSurvey(t.ctx, systemActor('csat-page'), { token, rating: 4 });

    const { agents } = await agentTable(t.ctx, w.supervisor, today());
    const row = agents.find((a) => a.userId === w.agentA.id)!;
    expect(row).toMatchObject({ assigned: 1, replies: 1, resolved: 1, csatAverage: 4, csatResponses: 1 });
    // From the reply that took it to the resolution (the clock is real time plus the advances).
    expect(row.handleMedian).toBeGreaterThanOrEqual(120);
    expect(row.handleMedian).toBeLessThan(150);
  });

  it('a ticket taken by resolving it counts its handle time from creation, not zero', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamB.id);
    t.clock.advance(300_000);
    await resolve(t.ctx, w.agentB, ticketId);
    const { agents } = await agentTable(t.ctx, w.supervisor, today());
    const row = agents.find((a) => a.userId === w.agentB.id)!;
    expect(row).toMatchObject({ assigned: 1, resolved: 1 });
    expect(row.handleMedian).toBeGreaterThanOrEqual(300);
    expect(row.handleMedian).toBeLessThan(330);
  });
});
