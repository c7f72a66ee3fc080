import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { pendingCsat } from '../../../channels/widget/csat.ts';
import type { WidgetCsatRequest } from '../../../channels/widget/protocol.ts';
import { csatResponses, tickets } from '../../../server/db/schema/index.ts';
import { assign } from '../../../server/services/tickets/assign.ts';
import { reopen } from '../../../server/services/tickets/reopen.ts';
import { resolve } from '../../../server/services/tickets/resolve.ts';
import { buildActor } from '../../support/factories.ts';
import { until } from '../../support/sockets.ts';
import { buildWidgetInbox, connectWidget, emit, events, type ConnectedWidget } from './harness.ts';
import { widgetWorld } from './widget-world.ts';

const { server, track } = widgetWorld();

const ratings = () => server.ctx.db.select().from(csatResponses);

/** A visitor who wrote once, and the agent who has their ticket. */
async function conversation(settings: Record<string, unknown> = {}) {
  const inbox = await buildWidgetInbox(server.ctx, settings);
  const w = track(await connectWidget(server.url, { inboxId: inbox.id }));
  await emit(w.socket, 'message.send', { clientId: randomUUID(), text: 'Where is my parcel?' });
  const ticket = await until(
    async () =>
      (
        await server.ctx.db
          .select()
          .from(tickets)
          .where(and(eq(tickets.channel, 'widget'), eq(tickets.threadKey, w.welcome.visitorId)))
      )[0],
    'the widget ticket',
  );
  const agent = await buildActor(server.ctx, ['agent', 'supervisor']);
  await assign(server.ctx, agent, ticket.id, { assigneeId: agent.id });
  return { inbox, w, ticket, agent };
}

const requestOf = (w: ConnectedWidget, n = 1) =>
  until(() => events(w, 'csat.request').length >= n && (events(w, 'csat.request')[n - 1] as WidgetCsatRequest), 'a csat.request');

describe('CSAT in the widget', () => {
  it('asks every open tab when the conversation is resolved; the answer is stored once and every tab hears it', async () => {
    const { inbox, w, ticket, agent } = await conversation();
    const other = track(await connectWidget(server.url, { inboxId: inbox.id, token: w.welcome.token }));
    const view = await resolve(server.ctx, agent, ticket.id);
    const request = await requestOf(w);
    expect(request).toMatchObject({
      ticketId: ticket.id,
      resolvedAt: view.resolvedAt,
      token: expect.stringMatching(/^s1\./),
      expiresAt: expect.any(String),
    });
    expect((await requestOf(other)).token).toBe(request.token);

    const ack = await emit(w.socket, 'csat.submit', { token: request.token, rating: 5, comment: 'Very helpful' });
    expect(ack).toEqual({ ok: true, data: { ticketId: ticket.id, rating: 5, comment: 'Very helpful' } });
    expect(await ratings()).toMatchObject([
      { ticketId: ticket.id, rating: 5, comment: 'Very helpful', channel: 'widget', agentId: agent.id },
    ]);
    await until(() => events(other, 'csat.answered').length > 0, 'the other tab to hear of the answer');

    const again = await emit(other.socket, 'csat.submit', { token: request.token, rating: 1 });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await ratings()).map((r) => r.rating)).toEqual([5]);
  });

  it('asks a visitor who comes back later, until they answer', async () => {
    const { inbox, w, ticket, agent } = await conversation();
    w.socket.close();
    await resolve(server.ctx, agent, ticket.id);
    const back = track(await connectWidget(server.url, { inboxId: inbox.id, token: w.welcome.token }));
    const request = await requestOf(back);
    expect(back.seen.findIndex((e) => e.name === 'welcome')).toBeLessThan(back.seen.findIndex((e) => e.name === 'csat.request'));
    expect(await emit(back.socket, 'csat.submit', { token: request.token, rating: 3 })).toMatchObject({ ok: true });
    expect(await pendingCsat(server.ctx, true, w.welcome.visitorId)).toBeNull();
  });

  it('asks again after the ticket is reopened and resolved again; the old survey is refused as gone', async () => {
    const { w, ticket, agent } = await conversation();
    await resolve(server.ctx, agent, ticket.id);
    const first = await requestOf(w);
    await emit(w.socket, 'csat.submit', { token: first.token, rating: 2 });
    await reopen(server.ctx, agent, ticket.id);
    await resolve(server.ctx, agent, ticket.id);
    const second = await requestOf(w, 2);
    expect(second.resolvedAt).not.toBe(first.resolvedAt);
    expect(await emit(w.socket, 'csat.submit', { token: first.token, rating: 5 })).toMatchObject({ ok: false, error: { code: 'GONE' } });
    expect(await emit(w.socket, 'csat.submit', { token: second.token, rating: 4 })).toMatchObject({ ok: true, data: { rating: 4 } });
    expect((await ratings()).map((r) => r.rating).sort()).toEqual([2, 4]);
  });

  it("refuses another visitor's answer, an altered token and a rating out of range", async () => {
    const { inbox, w, ticket, agent } = await conversation();
    await resolve(server.ctx, agent, ticket.id);
    const { token } = await requestOf(w);
    const stranger = track(await connectWidget(server.url, { inboxId: inbox.id }));
    await emit(stranger.socket, 'message.send', { clientId: randomUUID(), text: 'hello' });
    expect(await emit(stranger.socket, 'csat.submit', { token, rating: 1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await emit(w.socket, 'csat.submit', { token: `${token.slice(0, -2)}xx`, rating: 5 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await emit(w.socket, 'csat.submit', { token, rating: 9 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('rating must be 1 to 5') },
    });
    expect(await ratings()).toEqual([]);
  });

  it('asks nothing when the inbox has CSAT turned off', async () => {
    const { w, ticket, agent } = await conversation({ csat: false });
    await resolve(server.ctx, agent, ticket.id);
    expect(await pendingCsat(server.ctx, false, w.welcome.visitorId)).toBeNull();
    // The same resolution with CSAT on is owed: the switch alone decides.
    expect(await pendingCsat(server.ctx, true, w.welcome.visitorId)).toMatchObject({ ticketId: ticket.id });
  });
});
