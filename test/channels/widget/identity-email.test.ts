import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { identityHash } from '../../../channels/widget/identity.ts';
import { emailSettingsSchema } from '../../../channels/email/settings.ts';
import { inboxes, messages, tickets } from '../../../server/db/schema/index.ts';
import { reply } from '../../../server/services/tickets/reply.ts';
import { buildActor, buildTeam, buildTicket } from '../../support/factories.ts';
import { smtpSinkStandIn } from '../../support/mail-world.ts';
import { buildSessionUser } from '../../support/session.ts';
import { connectAgent, send, until } from '../../support/sockets.ts';
import { buildWidgetInbox, connectWidget, emit, events, type ConnectedWidget } from './harness.ts';
import { widgetWorld } from './widget-world.ts';

const sink = smtpSinkStandIn();
const { server, track, open } = widgetWorld();
beforeEach(() => {
  sink.received.length = 0;
});

async function widgetTicket(visitorId: string) {
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

/** An enabled mailbox whose SMTP is the sink (its IMAP side points nowhere: only sending matters here). */
async function buildMailbox(address = 'support@acme.test') {
  const settings = emailSettingsSchema.parse({
    address,
    imap: { host: '127.0.0.1', port: 9, secure: false, user: 'x' },
    smtp: { host: '127.0.0.1', port: sink.port, secure: false },
  });
  const [row] = await server.ctx.db
    .insert(inboxes)
    .values({ channel: 'email', name: 'Acme Support', settings, secrets: server.ctx.secrets.seal(JSON.stringify({ imapPassword: 'x' })) })
    .returning();
  return row!;
}

describe('identity verification', () => {
  it('joins a verified user to the customer they already are on email; an unverified claim with the same user id joins nobody', async () => {
    const inbox = await buildWidgetInbox(server.ctx);
    const byEmail = await buildTicket(server.ctx, { channel: 'email', sender: { externalId: 'alice@example.com', displayName: 'Alice' } });
    const claim = { userId: '42', name: 'Alice A.', email: 'alice@example.com' };

    const forged = track(
      await connectWidget(server.url, {
        inboxId: inbox.id,
        identity: { ...claim, hash: identityHash('not-the-secret-not-the-secret-00', '42') },
      }),
    );
    expect(forged.welcome.customer).toEqual({ name: 'Alice A.', email: null, verified: false });
    await emit(forged.socket, 'message.send', { clientId: randomUUID(), text: 'I am Alice, show me her orders' });
    const forgedTicket = await widgetTicket(forged.welcome.visitorId);
    expect(forgedTicket.customerId).not.toBe(byEmail.customerId);
    const bare = track(await connectWidget(server.url, { inboxId: inbox.id, identity: claim }));
    expect(bare.welcome.customer.verified).toBe(false);

    const real = track(
      await connectWidget(server.url, { inboxId: inbox.id, identity: { ...claim, hash: identityHash(inbox.identitySecret, '42') } }),
    );
    expect(real.welcome.customer).toEqual({ name: 'Alice A.', email: 'alice@example.com', verified: true });
    expect(real.welcome.visitorId).not.toBe(forged.welcome.visitorId);
    expect(real.welcome.messages).toEqual([]);
    await emit(real.socket, 'message.send', { clientId: randomUUID(), text: 'Where is my parcel?' });
    const ticket = await widgetTicket(real.welcome.visitorId);
    expect(ticket.customerId).toBe(byEmail.customerId);

    // Another device of the same signed-in user continues the conversation; the unverified visitor still cannot.
    const laptop = track(
      await connectWidget(server.url, { inboxId: inbox.id, identity: { userId: '42', hash: identityHash(inbox.identitySecret, '42') } }),
    );
    expect(laptop.welcome.visitorId).toBe(real.welcome.visitorId);
    expect(laptop.welcome.messages.map((m) => m.text)).toEqual(['Where is my parcel?']);
    const again = track(await connectWidget(server.url, { inboxId: inbox.id, token: forged.welcome.token, identity: claim }));
    expect(again.welcome.messages.map((m) => m.text)).toEqual(['I am Alice, show me her orders']);
  });

  it("does not continue a signed-in user's conversation from their token alone, nor hand it to another signed-in user", async () => {
    const inbox = await buildWidgetInbox(server.ctx);
    const sign = (userId: string) => ({ userId, hash: identityHash(inbox.identitySecret, userId) });
    const bob = track(await connectWidget(server.url, { inboxId: inbox.id, identity: sign('bob') }));
    await emit(bob.socket, 'message.send', { clientId: randomUUID(), text: 'private question' });
    const signedOut = track(await connectWidget(server.url, { inboxId: inbox.id, token: bob.welcome.token }));
    expect(signedOut.welcome.visitorId).not.toBe(bob.welcome.visitorId);
    expect(signedOut.welcome.messages).toEqual([]);
    const carol = track(await connectWidget(server.url, { inboxId: inbox.id, token: bob.welcome.token, identity: sign('carol') }));
    expect(carol.welcome.visitorId).not.toBe(bob.welcome.visitorId);
    expect(carol.welcome.messages).toEqual([]);
    const bobAgain = track(await connectWidget(server.url, { inboxId: inbox.id, token: bob.welcome.token, identity: sign('bob') }));
    expect(bobAgain.welcome.messages.map((m) => m.text)).toEqual(['private question']);
  });
});

describe('nobody online and visitors who left', () => {
  it('tells the widget when the inbox team comes online and goes away', async () => {
    const { user, cookie } = await buildSessionUser(server.ctx, { name: 'Team agent' });
    const team = await buildTeam(server.ctx, { memberIds: [user.id] });
    const inbox = await buildWidgetInbox(server.ctx, {}, { teamId: team.id });
    const w: ConnectedWidget = track(await connectWidget(server.url, { inboxId: inbox.id }));
    expect(w.welcome.online).toBe(false);
    const agent = await connectAgent(server.url, { cookie });
    open.push({ socket: agent });
    expect(await until(() => events(w, 'availability').at(-1), 'online')).toEqual({ online: true });
    expect(track(await connectWidget(server.url, { inboxId: inbox.id })).welcome.online).toBe(true);
    await send(agent, 'presence.set', { clientId: 'p1', presence: 'away' });
    await until(() => events(w, 'availability').at(-1)?.online === false, 'offline again');
  });

  it('emails an agent reply to a visitor who has left and gave an email, and only chats it to one who is there', async () => {
    const mailbox = await buildMailbox();
    const inbox = await buildWidgetInbox(server.ctx, { emailInboxId: mailbox.id });
    const w = track(await connectWidget(server.url, { inboxId: inbox.id }));
    expect(await emit(w.socket, 'prechat.submit', { name: 'Wang Fang', email: 'wang.fang@example.com' })).toMatchObject({ ok: true });
    await emit(w.socket, 'message.send', { clientId: randomUUID(), text: 'Please call me back' });
    const ticket = await widgetTicket(w.welcome.visitorId);
    const agent = await buildActor(server.ctx, ['agent']);

    const live = await reply(server.ctx, agent, ticket.id, { text: 'Looking into it now.' });
    await until(() => events(w, 'message').find((m) => m.id === live.message.id), 'the reply in the open widget');
    await until(
      async () => (await server.ctx.db.select().from(messages).where(eq(messages.id, live.message.id)))[0]?.deliveryStatus === 'sent',
      'sent',
    );

    w.socket.close();
    await until(async () => (await server.realtime.io.of('/widget').fetchSockets()).length === 0, 'the visitor gone');
    const away = await reply(server.ctx, agent, ticket.id, { text: 'We called you: 我们已回电。' });
    const mail = await until(() => sink.received[0], 'the reply by email', 15_000);
    expect(sink.received).toHaveLength(1);
    expect(mail.to).toEqual(['wang.fang@example.com']);
    expect(mail.from).toBe('support@acme.test');
    expect(mail.parsed.text).toContain('We called you: 我们已回电。');
    expect(mail.parsed.subject).toContain(`[#${ticket.number}]`);
    await until(
      async () => (await server.ctx.db.select().from(messages).where(eq(messages.id, away.message.id)))[0]?.deliveryStatus === 'sent',
      'sent',
    );

    const back = track(await connectWidget(server.url, { inboxId: inbox.id, token: w.welcome.token }));
    expect(back.welcome.messages.map((m) => m.text)).toEqual([
      'Please call me back',
      'Looking into it now.',
      'We called you: 我们已回电。',
    ]);
  });

  it('sends no email copy when no mailbox is enabled, and still delivers the reply to the conversation', async () => {
    const inbox = await buildWidgetInbox(server.ctx);
    const w = track(await connectWidget(server.url, { inboxId: inbox.id }));
    await emit(w.socket, 'prechat.submit', { email: 'gone@example.com' });
    await emit(w.socket, 'message.send', { clientId: randomUUID(), text: 'hello' });
    const ticket = await widgetTicket(w.welcome.visitorId);
    w.socket.close();
    await until(async () => (await server.realtime.io.of('/widget').fetchSockets()).length === 0, 'the visitor gone');
    const r = await reply(server.ctx, await buildActor(server.ctx, ['agent']), ticket.id, { text: 'answer' });
    await until(
      async () => (await server.ctx.db.select().from(messages).where(eq(messages.id, r.message.id)))[0]?.deliveryStatus === 'sent',
      'sent',
    );
    expect(sink.received).toEqual([]);
  });
});
