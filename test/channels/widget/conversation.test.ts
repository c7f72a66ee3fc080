import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { messages, tickets, users } from '../../../server/db/schema/index.ts';
import { reply } from '../../../server/services/tickets/reply.ts';
import { buildSessionUser } from '../../support/session.ts';
import { connectAgent, recordEvents, send, until } from '../../support/sockets.ts';
import { buildWidgetInbox, connectWidget, emit, events, type ConnectedWidget } from './harness.ts';
import { widgetWorld } from './widget-world.ts';

const { server, track, open } = widgetWorld();

const widgetMessages = (ticketId?: string) =>
  server.ctx.db
    .select()
    .from(messages)
    .where(ticketId ? eq(messages.ticketId, ticketId) : eq(messages.channel, 'widget'));

async function ticketOf(visitorId: string) {
  return until(
    async () =>
      (
        await server.ctx.db
          .select()
          .from(tickets)
          .where(and(eq(tickets.channel, 'widget'), eq(tickets.threadKey, visitorId)))
      )[0],
    'the widget ticket',
  );
}

describe('a widget conversation', () => {
  it('welcomes a first visitor with a token, settings with defaults, and an empty conversation', async () => {
    const inbox = await buildWidgetInbox(server.ctx, { color: '#ff0000' });
    const w = track(await connectWidget(server.url, { inboxId: inbox.id, locale: 'zh-CN' }));
    expect(w.welcome).toMatchObject({
      token: expect.stringMatching(/^v1\./),
      visitorId: expect.any(String),
      online: false,
      preChatDone: true,
      messages: [],
      readUpTo: null,
      customer: { name: null, email: null, verified: false },
      settings: {
        inboxId: inbox.id,
        color: '#ff0000',
        position: 'right',
        locale: 'auto',
        preChat: { name: 'optional', email: 'optional' },
        limits: { maxTextLength: 5000 },
      },
    });
    expect(w.welcome.settings.greeting).toBe('您好！有什么可以帮您的吗？');
  });

  it('stores a message exactly once when the same client id is sent twice, and acks the resend with the original', async () => {
    const inbox = await buildWidgetInbox(server.ctx);
    const w = track(await connectWidget(server.url, { inboxId: inbox.id }));
    const clientId = randomUUID();
    const first = await emit(w.socket, 'message.send', { clientId, text: 'My order has not arrived' });
    expect(first).toMatchObject({
      ok: true,
      data: { clientId, author: 'customer', text: 'My order has not arrived', agent: null, attachments: [] },
    });
    const again = await emit(w.socket, 'message.send', { clientId, text: 'a different text on resend' });
    expect(again).toEqual(first);
    expect(await widgetMessages()).toHaveLength(1);
  });

  it('ingests a message sent just before a forced disconnect once, and the resend after reconnecting acks it', async () => {
    const inbox = await buildWidgetInbox(server.ctx);
    const w = track(await connectWidget(server.url, { inboxId: inbox.id }));
    const clientId = randomUUID();
    w.socket.emit('message.send', { clientId, text: 'sent while the Wi-Fi drops' }, () => {});
    w.socket.disconnect();
    const back = track(await connectWidget(server.url, { inboxId: inbox.id, token: w.welcome.token }));
    expect(back.welcome.visitorId).toBe(w.welcome.visitorId);
    const resend = await emit(back.socket, 'message.send', { clientId, text: 'sent while the Wi-Fi drops' });
    expect(resend).toMatchObject({ ok: true, data: { clientId, text: 'sent while the Wi-Fi drops' } });
    const stored = await until(async () => {
      const rows = await widgetMessages();
      return rows.length ? rows : null;
    }, 'the message stored');
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).toBe((resend as { data: { id: string } }).data.id);
    const third = track(await connectWidget(server.url, { inboxId: inbox.id, token: w.welcome.token }));
    expect(third.welcome.messages.filter((m) => m.clientId === clientId)).toHaveLength(1);
  });

  it('keeps the conversation across reconnects with the same token; a forged or other-inbox token starts a new visitor', async () => {
    const inbox = await buildWidgetInbox(server.ctx);
    const other = await buildWidgetInbox(server.ctx);
    const w = track(await connectWidget(server.url, { inboxId: inbox.id }));
    await emit(w.socket, 'message.send', { clientId: randomUUID(), text: 'first' });
    await emit(w.socket, 'message.send', { clientId: randomUUID(), text: 'second' });
    w.socket.close();

    const back = track(await connectWidget(server.url, { inboxId: inbox.id, token: w.welcome.token }));
    expect(back.welcome.visitorId).toBe(w.welcome.visitorId);
    expect(back.welcome.token).toBe(w.welcome.token);
    expect(back.welcome.messages.map((m) => m.text)).toEqual(['first', 'second']);

    const t = w.welcome.token;
    const forged = `${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`;
    const [parts] = [t.split('.')];
    const otherVisitor = `v1.${parts[1]}.${randomUUID()}.${parts[3]}`;
    for (const token of [forged, otherVisitor, 'garbage']) {
      const f = track(await connectWidget(server.url, { inboxId: inbox.id, token }));
      expect(f.welcome.visitorId).not.toBe(w.welcome.visitorId);
      expect(f.welcome.messages).toEqual([]);
    }
    const foreign = track(await connectWidget(server.url, { inboxId: other.id, token: w.welcome.token }));
    expect(foreign.welcome.visitorId).not.toBe(w.welcome.visitorId);
    expect(foreign.welcome.messages).toEqual([]);
  });

  it("stores and relays customer text as plain text, and shows the visitor's own message in their other tabs", async () => {
    const inbox = await buildWidgetInbox(server.ctx);
    const a = track(await connectWidget(server.url, { inboxId: inbox.id }));
    const b = track(await connectWidget(server.url, { inboxId: inbox.id, token: a.welcome.token }));
    const text = '<img src=x onerror=alert(1)> <b>bold?</b>';
    const ack = await emit(a.socket, 'message.send', { clientId: randomUUID(), text });
    expect(ack).toMatchObject({ ok: true, data: { text } });
    const [row] = await widgetMessages();
    expect(row).toMatchObject({ text, html: null });
    const inOtherTab = await until(() => events(b, 'message')[0], 'the message in the other tab');
    expect(inOtherTab).toMatchObject({ text, author: 'customer' });
    expect(events(a, 'message')).toEqual([]);
  });

  it("delivers an agent reply with the agent's name and avatar, and keeps it in the history", async () => {
    const inbox = await buildWidgetInbox(server.ctx);
    const w = track(await connectWidget(server.url, { inboxId: inbox.id }));
    await emit(w.socket, 'message.send', { clientId: randomUUID(), text: 'Hello?' });
    const ticket = await ticketOf(w.welcome.visitorId);
    const { user } = await buildSessionUser(server.ctx, { name: 'Mei Lin' });
    await server.ctx.db.update(users).set({ avatarUrl: 'https://cdn.example/mei.png' }).where(eq(users.id, user.id));
    const sent = await reply(server.ctx, { type: 'user', id: user.id, name: user.name, roles: user.roles }, ticket.id, {
      text: 'Hi, Mei here. 我来帮您。',
    });
    const got = await until(() => events(w, 'message')[0], 'the reply on the widget', 10_000);
    expect(got).toMatchObject({
      id: sent.message.id,
      author: 'agent',
      text: 'Hi, Mei here. 我来帮您。',
      agent: { name: 'Mei Lin', avatarUrl: 'https://cdn.example/mei.png' },
      clientId: null,
    });
    await until(
      async () => (await widgetMessages(ticket.id)).find((m) => m.id === sent.message.id && m.deliveryStatus === 'sent'),
      'the reply marked sent',
    );
    w.socket.close();
    const later = track(await connectWidget(server.url, { inboxId: inbox.id, token: w.welcome.token }));
    expect(later.welcome.messages.map((m) => [m.author, m.text])).toEqual([
      ['customer', 'Hello?'],
      ['agent', 'Hi, Mei here. 我来帮您。'],
    ]);
  });

  it('relays typing both ways and read markers to the other side', async () => {
    const inbox = await buildWidgetInbox(server.ctx);
    const w: ConnectedWidget = track(await connectWidget(server.url, { inboxId: inbox.id }));
    const sentByCustomer = await emit(w.socket, 'message.send', { clientId: randomUUID(), text: 'Is anyone there?' });
    const ticket = await ticketOf(w.welcome.visitorId);
    const { user, cookie } = await buildSessionUser(server.ctx, { name: 'Ann Agent' });
    const agent = await connectAgent(server.url, { cookie });
    open.push({ socket: agent });
    const agentSeen = recordEvents(agent);

    expect(await send(agent, 'ticket.watch', { clientId: 'w1', ticketId: ticket.id })).toMatchObject({ ok: true });
    const read = await until(() => events(w, 'read')[0], 'the read marker on the widget');
    expect(read).toEqual({ upTo: (sentByCustomer as { data: { id: string } }).data.id });

    expect(await emit(w.socket, 'typing', { state: 'start' })).toEqual({ ok: true, data: null });
    const customerTyping = await until(() => agentSeen.find((e) => e.name === 'typing'), 'customer typing in the console');
    expect(customerTyping.data).toEqual({ ticketId: ticket.id, state: 'start', who: { type: 'customer' } });

    expect(await send(agent, 'typing', { clientId: 't1', ticketId: ticket.id, state: 'start' })).toMatchObject({ ok: true });
    const agentTyping = await until(() => events(w, 'typing')[0], 'agent typing on the widget');
    expect(agentTyping).toEqual({ state: 'start', agent: { name: 'Ann Agent', avatarUrl: null } });

    const answer = await reply(server.ctx, { type: 'user', id: user.id, name: user.name, roles: user.roles }, ticket.id, { text: 'Yes!' });
    await until(() => events(w, 'message')[0], 'the reply');
    expect(await emit(w.socket, 'read', { upTo: answer.message.id })).toEqual({ ok: true, data: null });
    const seenByCustomer = await until(() => agentSeen.find((e) => e.name === 'customer.read'), 'customer.read in the console');
    expect(seenByCustomer.data).toMatchObject({ ticketId: ticket.id, upTo: answer.message.id });

    w.socket.close();
    const back = track(await connectWidget(server.url, { inboxId: inbox.id, token: w.welcome.token }));
    expect(back.welcome.readUpTo).toBe((sentByCustomer as { data: { id: string } }).data.id);
  });
});
