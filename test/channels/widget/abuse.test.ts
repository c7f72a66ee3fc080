import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { widgetRates } from '../../../channels/widget/rate-limits.ts';
import { inboxes, messages } from '../../../server/db/schema/index.ts';
import { reply } from '../../../server/services/tickets/reply.ts';
import { buildActor } from '../../support/factories.ts';
import { until } from '../../support/sockets.ts';
import { buildWidgetInbox, connectWidget, emit, events, refusalOf } from './harness.ts';
import { widgetWorld } from './widget-world.ts';

const { server, track } = widgetWorld();
const defaults = { ...widgetRates };
beforeEach(() => {
  Object.assign(widgetRates, defaults);
});

/** Response bodies as the tests read them (fetch types them unknown). */
const json = async (r: Response): Promise<any> => r.json();

function upload(token: string, body: Blob, filename: string, headers: Record<string, string> = {}) {
  const form = new FormData();
  form.append('file', body, filename);
  return fetch(`${server.url}/api/widget/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...headers },
    body: form,
  });
}

describe('the widget handshake', () => {
  it('refuses an unknown, malformed or disabled inbox with a clear code', async () => {
    expect(await refusalOf(connectWidget(server.url, { inboxId: randomUUID() }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusalOf(connectWidget(server.url, { inboxId: "1' or 1=1" }))).toMatchObject({ code: 'NOT_FOUND' });
    const off = await buildWidgetInbox(server.ctx, {}, { enabled: false });
    expect(await refusalOf(connectWidget(server.url, { inboxId: off.id }))).toEqual({
      code: 'FORBIDDEN',
      message: 'This chat is switched off',
      details: { reason: 'INBOX_DISABLED' },
    });
    const email = (await server.ctx.db.select().from(inboxes).where(eq(inboxes.channel, 'email')))[0];
    expect(email).toBeUndefined();
  });

  it('admits only the allowed origins and this server itself; an empty list admits any site', async () => {
    const inbox = await buildWidgetInbox(server.ctx, { allowedOrigins: ['https://shop.example.com'] });
    const refused = await refusalOf(connectWidget(server.url, { inboxId: inbox.id }, { origin: 'https://evil.example' }));
    expect(refused).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'ORIGIN_NOT_ALLOWED' } });
    expect(refused.message).toContain('https://evil.example');
    track(await connectWidget(server.url, { inboxId: inbox.id }, { origin: 'https://shop.example.com' }));
    track(await connectWidget(server.url, { inboxId: inbox.id }, { origin: server.url }));
    const open = await buildWidgetInbox(server.ctx);
    track(await connectWidget(server.url, { inboxId: open.id }, { origin: 'https://anywhere.example' }));

    const settings = (origin: string) => fetch(`${server.url}/api/widget/inboxes/${inbox.id}/settings`, { headers: { origin } });
    const ok = await settings('https://shop.example.com');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    const bad = await settings('https://evil.example');
    expect(bad.status).toBe(403);
    expect(bad.headers.get('access-control-allow-origin')).toBeNull();
    expect((await json(bad)).error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'ORIGIN_NOT_ALLOWED' } });
  });
});

describe('what a visitor may send', () => {
  it('refuses text over the inbox limit, naming the limit, and accepts text at the limit', async () => {
    const inbox = await buildWidgetInbox(server.ctx, { limits: { maxTextLength: 20 } });
    const w = track(await connectWidget(server.url, { inboxId: inbox.id }));
    const over = await emit(w.socket, 'message.send', { clientId: randomUUID(), text: 'x'.repeat(21) });
    expect(over).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'text: a message may be at most 20 characters (this one has 21)' },
    });
    expect(await emit(w.socket, 'message.send', { clientId: randomUUID(), text: '中'.repeat(20) })).toMatchObject({ ok: true });
    expect(await emit(w.socket, 'message.send', { clientId: randomUUID(), text: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });

  it('answers a message frame of 300 KB with an error naming the limit, and the connection stays open', async () => {
    const inbox = await buildWidgetInbox(server.ctx);
    const w = track(await connectWidget(server.url, { inboxId: inbox.id }));
    const huge = await emit(w.socket, 'message.send', { clientId: randomUUID(), text: '长'.repeat(100_000) });
    expect(huge).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'text: a message may be at most 5000 characters (this one has 100000)' },
    });
    expect(w.socket.connected).toBe(true);
    expect(await emit(w.socket, 'message.send', { clientId: randomUUID(), text: 'still here' })).toMatchObject({ ok: true });
  });

  it('enforces required pre-chat fields on the server before the first message', async () => {
    const inbox = await buildWidgetInbox(server.ctx, { preChat: { name: 'optional', email: 'required' } });
    const w = track(await connectWidget(server.url, { inboxId: inbox.id }));
    expect(w.welcome.preChatDone).toBe(false);
    const early = await emit(w.socket, 'message.send', { clientId: randomUUID(), text: 'hi' });
    expect(early).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/^email: required by the pre-chat form/) },
    });
    expect(await emit(w.socket, 'prechat.submit', { name: 'Li Lei' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'email: is required' },
    });
    expect(await emit(w.socket, 'prechat.submit', { email: 'not-an-email' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('email') },
    });
    expect(await emit(w.socket, 'prechat.submit', { name: 'Li Lei', email: 'Li.Lei@Example.com' })).toEqual({
      ok: true,
      data: { name: 'Li Lei', email: 'li.lei@example.com', verified: false },
    });
    expect(await emit(w.socket, 'message.send', { clientId: randomUUID(), text: 'hi' })).toMatchObject({ ok: true });
    const back = track(await connectWidget(server.url, { inboxId: inbox.id, token: w.welcome.token }));
    expect(back.welcome).toMatchObject({ preChatDone: true, customer: { name: 'Li Lei', email: 'li.lei@example.com' } });
  });

  it('rate-limits messages per visitor and per IP with retryAfterMs, while a resend of a stored message still acks', async () => {
    widgetRates.messagesPerVisitor = 3;
    const inbox = await buildWidgetInbox(server.ctx);
    const w = track(await connectWidget(server.url, { inboxId: inbox.id }));
    const first = randomUUID();
    for (const clientId of [first, randomUUID(), randomUUID()])
      expect(await emit(w.socket, 'message.send', { clientId, text: 'spam' })).toMatchObject({ ok: true });
    const limited = await emit(w.socket, 'message.send', { clientId: randomUUID(), text: 'spam' });
    expect(limited).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) } });
    expect((limited as { error: { retryAfterMs: number } }).error.retryAfterMs).toBeGreaterThan(0);
    expect((limited as { error: { retryAfterMs: number } }).error.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(await emit(w.socket, 'message.send', { clientId: first, text: 'spam' })).toMatchObject({ ok: true });

    // The IP has 3 messages stored (a refused attempt counts nothing): a second visitor there gets the other 2.
    widgetRates.messagesPerVisitor = 100;
    widgetRates.messagesPerIp = 5;
    const other = track(await connectWidget(server.url, { inboxId: inbox.id }));
    for (let i = 0; i < 2; i++)
      expect(await emit(other.socket, 'message.send', { clientId: randomUUID(), text: 'from the same IP' })).toMatchObject({ ok: true });
    expect(await emit(other.socket, 'message.send', { clientId: randomUUID(), text: 'from the same IP' })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED' },
    });
    expect(await server.ctx.db.select().from(messages)).toHaveLength(5);

    const acks = await Promise.all(Array.from({ length: 25 }, (_, i) => emit(other.socket, 'typing', { state: i % 2 ? 'stop' : 'start' })));
    expect(acks.filter((a) => a.ok)).toHaveLength(20);
    expect(acks.find((a) => !a.ok)).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) } });
  });
});

describe('attachments', () => {
  it('uploads within the limits, sends them once, and refuses oversized or unsupported files with clear codes', async () => {
    const inbox = await buildWidgetInbox(server.ctx, {
      limits: { maxAttachmentBytes: 2_000, attachmentTypes: ['image/*', 'application/pdf'] },
    });
    const w = track(await connectWidget(server.url, { inboxId: inbox.id }));
    const png = new Blob([Buffer.from('89504e470d0a1a0a' + '00'.repeat(100), 'hex')], { type: 'image/png' });
    const res = await upload(w.welcome.token, png, '截图.png');
    expect(res.status).toBe(201);
    const up = await json(res);
    expect(up).toMatchObject({
      id: expect.any(String),
      filename: '截图.png',
      contentType: 'image/png',
      size: 108,
      url: `/api/widget/attachments/${up.id}`,
    });

    const big = await upload(w.welcome.token, new Blob([Buffer.alloc(3_000)], { type: 'image/png' }), 'big.png');
    expect(big.status).toBe(413);
    expect((await json(big)).error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('limit of 2 KB') });
    const exe = await upload(w.welcome.token, new Blob(['MZ'], { type: 'application/x-msdownload' }), 'run.exe');
    expect(exe.status).toBe(415);
    expect((await json(exe)).error).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: expect.stringContaining('application/x-msdownload'),
    });
    const anonymous = await fetch(`${server.url}/api/widget/attachments`, { method: 'POST', body: new FormData() });
    expect(anonymous.status).toBe(403);

    const sent = await emit(w.socket, 'message.send', { clientId: randomUUID(), text: '', attachmentIds: [up.id] });
    expect(sent).toMatchObject({ ok: true, data: { attachments: [{ filename: '截图.png', contentType: 'image/png', size: 108 }] } });
    const again = await emit(w.socket, 'message.send', { clientId: randomUUID(), text: 'same file twice', attachmentIds: [up.id] });
    expect(again).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const file = await fetch(
      `${server.url}${(sent as { data: { attachments: Array<{ url: string }> } }).data.attachments[0]!.url}?token=${encodeURIComponent(w.welcome.token)}`,
    );
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 4)
        .toString('hex'),
    ).toBe('89504e47');
  });

  it("never lets a visitor read or send another visitor's conversation or files, by guessing ids or tokens", async () => {
    const inbox = await buildWidgetInbox(server.ctx);
    const alice = track(await connectWidget(server.url, { inboxId: inbox.id }));
    const mallory = track(await connectWidget(server.url, { inboxId: inbox.id }));
    const aliceUpload = await json(await upload(alice.welcome.token, new Blob(['secret'], { type: 'text/plain' }), 'secret.txt'));
    const aliceSent = await emit(alice.socket, 'message.send', { clientId: 'shared-client-id', text: 'my address is 1 Main St' });
    expect(aliceSent.ok).toBe(true);

    // Same client id from another visitor is another message; an upload of someone else is not found.
    const malSent = await emit(mallory.socket, 'message.send', { clientId: 'shared-client-id', text: 'hello' });
    expect(malSent).toMatchObject({ ok: true, data: { text: 'hello' } });
    expect(
      await emit(mallory.socket, 'message.send', { clientId: randomUUID(), text: 'x', attachmentIds: [aliceUpload.id] }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await emit(mallory.socket, 'read', { upTo: (aliceSent as { data: { id: string } }).data.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });

    const asMallory = (id: string) =>
      fetch(`${server.url}/api/widget/attachments/${id}`, { headers: { authorization: `Bearer ${mallory.welcome.token}` } });
    expect((await asMallory(aliceUpload.id)).status).toBe(404);
    expect((await asMallory(randomUUID())).status).toBe(404);
    expect((await fetch(`${server.url}/api/widget/attachments/${aliceUpload.id}?token=${alice.welcome.token}x`)).status).toBe(403);
    expect((await fetch(`${server.url}/api/widget/attachments/${aliceUpload.id}?token=${alice.welcome.token}`)).status).toBe(200);

    // An agent's file in Alice's conversation reaches Alice only; an internal note's never does.
    const ticketId = (
      await server.ctx.db
        .select()
        .from(messages)
        .where(eq(messages.id, (aliceSent as { data: { id: string } }).data.id))
    )[0]!.ticketId;
    const agent = await buildActor(server.ctx, ['agent']);
    const answer = await reply(server.ctx, agent, ticketId, {
      text: 'Invoice attached',
      attachments: [{ filename: 'invoice.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 test').toString('base64') }],
    });
    const delivered = await until(
      () => events(alice, 'message').find((m) => m.id === answer.message.id),
      'the reply with its file',
      10_000,
    );
    const url = delivered.attachments[0].url as string;
    expect((await fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${alice.welcome.token}` } })).status).toBe(200);
    expect((await fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${mallory.welcome.token}` } })).status).toBe(404);
    expect(events(mallory, 'message')).toEqual([]);
    const back = track(await connectWidget(server.url, { inboxId: inbox.id, token: mallory.welcome.token }));
    expect(back.welcome.messages.map((m) => m.text)).toEqual(['hello']);
  });
});

describe('settings and the admin API', () => {
  it('validates widget settings through the inbox API, fills defaults for the widget, and reveals the identity secret only on rotation', async () => {
    const { buildTokenUser } = await import('../../support/http.ts');
    const admin = await buildTokenUser(server.ctx, ['admin']);
    const agent = await buildTokenUser(server.ctx, ['agent']);
    const api = (path: string, init: RequestInit & { as?: typeof admin } = {}) =>
      fetch(`${server.url}/api${path}`, {
        ...init,
        headers: { ...(init.as ?? admin).headers, ...(init.headers as Record<string, string>) },
      });

    const bad = await api('/inboxes', {
      method: 'POST',
      body: JSON.stringify({
        channel: 'widget',
        name: 'Chat',
        settings: { color: 'red', allowedOrigins: ['https://shop.example.com/path'] },
      }),
    });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.message).toMatch(/settings\.color: a colour like #1f6feb/);
    const created = await api('/inboxes', {
      method: 'POST',
      body: JSON.stringify({
        channel: 'widget',
        name: 'Chat',
        settings: { allowedOrigins: ['https://Shop.Example.com'], preChat: { email: 'required' } },
      }),
    });
    expect(created.status).toBe(201);
    const { inbox } = await json(created);
    expect(inbox).toMatchObject({
      channel: 'widget',
      secretsSet: ['identitySecret'],
      settings: { allowedOrigins: ['https://shop.example.com'], preChat: { name: 'optional', email: 'required' }, color: '#1f6feb' },
    });
    expect(JSON.stringify(inbox)).not.toMatch(/identitySecret"\s*:/);

    const patched = await api(`/inboxes/${inbox.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ settings: { greeting: 'Welcome to Acme', limits: { maxTextLength: 1000 } } }),
    });
    expect((await json(patched)).inbox.settings).toMatchObject({
      greeting: 'Welcome to Acme',
      limits: { maxTextLength: 1000 },
      preChat: { email: 'required' },
    });

    expect((await api(`/inboxes/${inbox.id}/identity-secret`, { method: 'POST', as: agent })).status).toBe(403);
    const rotated = await api(`/inboxes/${inbox.id}/identity-secret`, { method: 'POST' });
    expect(rotated.status).toBe(200);
    expect((await json(rotated)).identitySecret).toMatch(/^[0-9a-f]{64}$/);

    const pub = await (await fetch(`${server.url}/api/widget/inboxes/${inbox.id}/settings`)).json();
    expect(pub).toEqual({
      inboxId: inbox.id,
      color: '#1f6feb',
      greeting: 'Welcome to Acme',
      position: 'right',
      preChat: { name: 'optional', email: 'required' },
      businessHoursText: '',
      locale: 'auto',
      limits: { maxTextLength: 1000, maxAttachmentBytes: 10 * 1024 * 1024, attachmentTypes: ['image/*', 'application/pdf', 'text/plain'] },
    });
    expect((await fetch(`${server.url}/api/widget/inboxes/${randomUUID()}/settings`)).status).toBe(404);
  });
});
