import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { messages, tickets } from '../../../server/db/schema/index.ts';
import { until } from '../../support/sockets.ts';
import { buildRule, firingsOf, historyKinds, rulesSettled } from '../../server/services/automation/harness.ts';
import { buildWidgetInbox, connectWidget, emit, events } from './harness.ts';
import { widgetWorld } from './widget-world.ts';

const { server, track } = widgetWorld();
const NOTE = 'Refund asked: check the order before answering.';
const REPLY = 'We have your refund request and answer within one business day.';

describe('an automation rule on a widget conversation', () => {
  it('fires once on a visitor message, and not again when the widget resends it with the same client id after a reconnect', async () => {
    await buildRule(server.ctx, {
      name: 'Refund requests',
      events: ['message.customer'],
      conditions: { match: 'all', conditions: [{ field: 'message.text', op: 'contains', value: 'refund' }] },
      actions: [
        { type: 'add_tags', tags: ['refund'] },
        { type: 'add_note', text: NOTE },
        { type: 'send_reply', text: REPLY },
      ],
    });
    const inbox = await buildWidgetInbox(server.ctx);
    const w = track(await connectWidget(server.url, { inboxId: inbox.id }));
    const clientId = randomUUID();
    const text = 'The blender arrived broken. I would like a refund.';
    const sent = await emit(w.socket, 'message.send', { clientId, text });
    expect(sent.ok).toBe(true);
    await until(() => events(w, 'message').find((m) => m.text === REPLY), "the rule's reply in the open widget", 15_000);

    // The connection drops before the widget saw its ack; it reconnects with its token and sends the message again.
    w.socket.disconnect();
    const back = track(await connectWidget(server.url, { inboxId: inbox.id, token: w.welcome.token }));
    const resent = await emit(back.socket, 'message.send', { clientId, text });
    expect(resent).toEqual(sent);
    await until(() => rulesSettled(server.ctx), 'rules and replies settled', 15_000);

    const [ticket] = await server.ctx.db
      .select()
      .from(tickets)
      .where(and(eq(tickets.channel, 'widget'), eq(tickets.threadKey, w.welcome.visitorId)));
    expect(ticket!.tags).toEqual(['refund']);
    const notes = await server.ctx.db
      .select({ text: messages.text })
      .from(messages)
      .where(and(eq(messages.ticketId, ticket!.id), eq(messages.direction, 'note')));
    expect(notes.map((n) => n.text)).toEqual([NOTE]);
    expect((await historyKinds(server.ctx, ticket!.id, 'rule_fired')).map((e) => e.toValue)).toEqual(['Refund requests']);
    expect((await firingsOf(server.ctx, ticket!.id)).map((f) => f.outcome)).toEqual(['done']);

    // What the customer sees in a new tab: their message once, the rule's reply once, never the internal note.
    const tab = track(await connectWidget(server.url, { inboxId: inbox.id, token: w.welcome.token }));
    expect(tab.welcome.messages.map((m) => [m.author, m.text])).toEqual([
      ['customer', text],
      ['system', REPLY],
    ]);
    expect(events(back, 'message').filter((m) => m.text === REPLY)).toEqual([]);
  });
});
