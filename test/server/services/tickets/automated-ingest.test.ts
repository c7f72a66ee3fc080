import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outbox, tickets } from '../../../../server/db/schema/index.ts';
import { systemActor, type Actor } from '../../../../server/services/actor.ts';
import { answerCsatSurvey } from '../../../../server/services/csat/answer-survey.ts';
import { surveyTokens } from '../../../../server/services/csat/survey-token.ts';
import { close } from '../../../../server/services/tickets/close.ts';
import { hold } from '../../../../server/services/tickets/hold.ts';
import { ingest } from '../../../../server/services/tickets/ingest.ts';
import { reply } from '../../../../server/services/tickets/reply.ts';
import { resolve } from '../../../../server/services/tickets/resolve.ts';
import { createSlaScheduler, type SlaScheduler } from '../../../../server/workers/sla-scheduler.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildActor, buildInbound } from '../../../support/factories.ts';
import { clock, history, HOUR, iso, MIN, openTicketAt, pinClock, policy, ticketRow } from '../sla/harness.ts';

const { t } = contextWorld();
let admin: Actor;
let scheduler: SlaScheduler;
beforeAll(() => pinClock(t));
beforeEach(async () => {
  admin = await buildActor(t.ctx, ['admin']);
  scheduler = createSlaScheduler(t.ctx, { pollMs: 3_600_000 });
  scheduler.start();
});
afterEach(() => scheduler.stop());

const t0 = new Date('2026-05-04T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
async function step<T>(when: Date, action: () => Promise<T>): Promise<T> {
  t.clock.set(when);
  const result = await action();
  await scheduler.idle();
  return result;
}
/** An API-channel conversation: the integrating system marks what was sent automatically (`automated`). */
const thread = { threadKey: 'conv-1', sender: { externalId: 'cust-1' } };
const autoReply = () => ingest(t.ctx, buildInbound({ ...thread, text: 'I am out of the office until Monday.', automated: true }));

describe('an automated message (auto-reply, bounce, bulk) is recorded without acting as the customer', () => {
  it('leaves a pending ticket pending: clocks stay paused, nothing turns unread, no status in the history', async () => {
    await policy(t.ctx, admin, { targets: { normal: { firstResponse: 60, nextResponse: 30, resolution: 480 } } });
    const { ticketId } = await openTicketAt(t, t0, thread);
    await step(at(10 * MIN), () => reply(t.ctx, admin, ticketId, { text: 'Which model is it?' }));
    await step(at(20 * MIN), () => hold(t.ctx, admin, ticketId, { reason: 'waiting for the model' }));
    const before = await ticketRow(t.ctx, ticketId);
    const eventsBefore = (await history(t.ctx, ticketId)).length;
    t.published.length = 0;

    const r = await step(at(3 * HOUR), autoReply);

    expect(r).toMatchObject({ ticketId, ticketCreated: false, reopened: false, duplicate: false });
    const row = await ticketRow(t.ctx, ticketId);
    expect(row).toMatchObject({ status: 'pending', nextResponseDueAt: null, resolutionDueAt: null });
    expect(row.lastCustomerMessageAt).toEqual(before.lastCustomerMessageAt);
    expect(await clock(t.ctx, ticketId, 'resolution')).toMatchObject({ state: 'paused', consumedMs: 20 * MIN });
    expect((await clock(t.ctx, ticketId, 'next_response'))?.state ?? 'none').not.toBe('running');
    const added = (await history(t.ctx, ticketId)).slice(eventsBefore);
    expect(added.map((e) => [e.kind, e.data.automated])).toEqual([['message_received', true]]);
    const updates = t.published.filter((e) => e.name === 'ticket.updated').map((e) => e.data);
    expect(updates.map((u) => ('changes' in u ? u.changes : null))).toEqual([['message']]);
  });

  it('on an open ticket the agent answered, starts no next-response clock and is not the reply the agent waits for', async () => {
    await policy(t.ctx, admin, { targets: { normal: { firstResponse: 60, nextResponse: 30, resolution: 480 } } });
    const { ticketId } = await openTicketAt(t, t0, thread);
    await step(at(10 * MIN), () => reply(t.ctx, admin, ticketId, { text: 'Which model is it?' }));
    const before = await ticketRow(t.ctx, ticketId);

    await step(at(HOUR), autoReply);

    const row = await ticketRow(t.ctx, ticketId);
    expect(row).toMatchObject({ status: before.status, nextResponseDueAt: null });
    expect(iso(row.resolutionDueAt)).toBe(iso(before.resolutionDueAt));
    expect(row.lastCustomerMessageAt).toEqual(before.lastCustomerMessageAt);
    expect(row.lastAgentMessageAt!.getTime()).toBeGreaterThan(row.lastCustomerMessageAt!.getTime());

    // The customer's own answer still starts the next-response clock.
    await step(at(2 * HOUR), () => ingest(t.ctx, buildInbound(thread)));
    expect(iso((await ticketRow(t.ctx, ticketId)).nextResponseDueAt)).toBe(iso(at(2 * HOUR + 30 * MIN)));
  });

  it('leaves a resolved ticket resolved: its survey stays answerable and no new survey is queued', async () => {
    const { ticketId } = await openTicketAt(t, t0, thread);
    const resolved = await step(at(HOUR), () => resolve(t.ctx, admin, ticketId));
    const resolvedAt = new Date(resolved.resolvedAt!);

    const r = await step(at(2 * HOUR), autoReply);

    expect(r.reopened).toBe(false);
    expect(await ticketRow(t.ctx, ticketId)).toMatchObject({ status: 'resolved', resolvedAt });
    expect(await t.ctx.db.$count(outbox, eq(outbox.topic, 'csat.survey'))).toBe(1);
    const token = surveyTokens(t.ctx.config).issue(ticketId, resolvedAt);
    await expect(answerCsatSurvey(t.ctx, systemActor('csat-page'), { token, rating: 5 })).resolves.toMatchObject({ rating: 5 });
  });

  it('is kept on a closed ticket instead of opening a new one; the customer writing opens a new one as before', async () => {
    const { ticketId } = await openTicketAt(t, t0, thread);
    await step(at(HOUR), () => close(t.ctx, admin, ticketId));

    const auto = await step(at(2 * HOUR), autoReply);
    expect(auto).toMatchObject({ ticketId, ticketCreated: false });
    expect((await ticketRow(t.ctx, ticketId)).status).toBe('closed');
    expect(await t.ctx.db.$count(tickets)).toBe(1);

    const person = await step(at(3 * HOUR), () => ingest(t.ctx, buildInbound(thread)));
    expect(person.ticketCreated).toBe(true);
  });

  it('still opens a ticket when the conversation has none (someone has to see it)', async () => {
    const r = await autoReply();
    expect(r.ticketCreated).toBe(true);
    expect((await ticketRow(t.ctx, r.ticketId)).status).toBe('new');
  });
});
