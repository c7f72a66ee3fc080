import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tickets } from '../../../server/db/schema/index.ts';
import { close } from '../../../server/services/tickets/close.ts';
import { reopen } from '../../../server/services/tickets/reopen.ts';
import { resolve } from '../../../server/services/tickets/resolve.ts';
import { buildActor } from '../../support/factories.ts';
import { until } from '../../support/sockets.ts';
import { buildWidgetInbox, connectWidget, emit, events, type ConnectedWidget } from './harness.ts';
import { widgetWorld } from './widget-world.ts';

const { server, track } = widgetWorld();

/** A visitor who wrote once (CSAT off: the notice does not depend on the survey), and an agent. */
async function conversation() {
  const inbox = await buildWidgetInbox(server.ctx, { csat: false });
  const w = track(await connectWidget(server.url, { inboxId: inbox.id }));
  await emit(w.socket, 'message.send', { clientId: randomUUID(), text: 'My order never came' });
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
  return { inbox, w, ticket, agent: await buildActor(server.ctx, ['agent']) };
}

const resolvedEvents = (w: ConnectedWidget, n: number) =>
  until(() => events(w, 'resolved').length >= n && (events(w, 'resolved') as Array<{ at: string | null }>), `${n} resolved events`);

describe('the resolved notice in the widget', () => {
  it('tells every tab when the conversation is resolved and reopened, and a later welcome carries it', async () => {
    const { inbox, w, ticket, agent } = await conversation();
    expect(w.welcome.resolvedAt).toBeNull();
    const resolved = await resolve(server.ctx, agent, ticket.id);
    expect((await resolvedEvents(w, 1))[0]).toEqual({ at: resolved.resolvedAt });

    const back = track(await connectWidget(server.url, { inboxId: inbox.id, token: w.welcome.token }));
    expect(back.welcome.resolvedAt).toBe(resolved.resolvedAt);

    await reopen(server.ctx, agent, ticket.id);
    expect((await resolvedEvents(w, 2))[1]).toEqual({ at: null });
    expect((await resolvedEvents(back, 1))[0]).toEqual({ at: null });
  });

  it('counts a closed conversation as resolved, until the visitor starts a new one', async () => {
    const { inbox, w, ticket, agent } = await conversation();
    await resolve(server.ctx, agent, ticket.id);
    const closed = await close(server.ctx, agent, ticket.id);
    expect((await resolvedEvents(w, 2))[1]).toEqual({ at: closed.resolvedAt });
    await emit(w.socket, 'message.send', { clientId: randomUUID(), text: 'A new question' });
    const again = track(await connectWidget(server.url, { inboxId: inbox.id, token: w.welcome.token }));
    expect(again.welcome.resolvedAt).toBeNull();
  });
});
