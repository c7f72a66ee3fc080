import { describe, expect, it } from 'vitest';
import { systemActor } from '../../../server/services/actor.ts';
import { answerCsatSurvey } from '../../../server/services/csat/answer-survey.ts';
import { surveyTokens } from '../../../server/services/csat/survey-token.ts';
import { assign } from '../../../server/services/tickets/assign.ts';
import { resolve } from '../../../server/services/tickets/resolve.ts';
import { buildTicket } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld();

const asUser = (u: { user: { id: string; name: string; roles: string[] } }) => ({
  type: 'user' as const,
  id: u.user.id,
  name: u.user.name,
  roles: u.user.roles as never,
});

/** A ticket of Ann's, handled by `agent`, resolved and rated `rating` by Ann through her survey link. */
async function rated(agent: Awaited<ReturnType<typeof buildTokenUser>>, rating: number, comment?: string) {
  const ticket = await buildTicket(t.ctx, { channel: 'email', sender: { externalId: 'ann@customer.example', displayName: 'Ann' } });
  await assign(t.ctx, asUser(agent), ticket.ticketId, { assigneeId: agent.user.id });
  const view = await resolve(t.ctx, asUser(agent), ticket.ticketId);
  const token = surveyTokens(t.ctx.config).issue(ticket.ticketId, new Date(view.resolvedAt!));
  await answerCsatSurvey(t.ctx, systemActor('csat-page'), { token, rating, ...(comment ? { comment } : {}) });
  return ticket;
}

describe('CSAT in the console API', () => {
  it('shows the rating on the ticket with its history row, on the customer (average and latest) and as the agent’s own figure', async () => {
    const ann = await buildTokenUser(t.ctx, ['agent', 'supervisor']);
    const bob = await buildTokenUser(t.ctx, ['agent', 'supervisor']);
    const first = await rated(ann, 5, 'Solved in minutes');
    t.clock.advance(1_000);
    const second = await rated(ann, 2);

    const detail = await app.request(`/api/tickets/${first.ticketId}`, { headers: ann.headers });
    expect(detail.status).toBe(200);
    const d = await detail.json();
    expect(d.csat).toEqual([expect.objectContaining({ rating: 5, comment: 'Solved in minutes', channel: 'email', agentId: ann.user.id })]);
    expect(d.events.filter((e: { kind: string }) => e.kind === 'csat_rated')).toMatchObject([
      { actorType: 'customer', to: '5', data: { comment: 'Solved in minutes' } },
    ]);

    const customer = await (await app.request(`/api/customers/${first.customerId}`, { headers: bob.headers })).json();
    expect(customer.csat).toMatchObject({
      count: 2,
      average: 3.5,
      recent: [
        { rating: 2, ticketNumber: second.ticketNumber },
        { rating: 5, ticketNumber: first.ticketNumber },
      ],
    });

    expect(await (await app.request('/api/me/csat', { headers: ann.headers })).json()).toMatchObject({ count: 2, average: 3.5 });
    expect(await (await app.request('/api/me/csat', { headers: bob.headers })).json()).toEqual({ count: 0, average: null, recent: [] });
  });

  it('keeps ratings to readers who may see them', async () => {
    const editor = await buildTokenUser(t.ctx, ['editor']);
    expect((await app.request('/api/me/csat', { headers: editor.headers })).status).toBe(403);
    expect((await app.request('/api/me/csat')).status).toBe(401);
  });
});
