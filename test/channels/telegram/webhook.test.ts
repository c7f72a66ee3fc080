import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel } from '../../../channels/telegram/index.ts';
import { readCursor } from '../../../channels/telegram/cursor.ts';
import { eq } from 'drizzle-orm';
import { attachments, channelState, messages } from '../../../server/db/schema/index.ts';
import { createApp, type App } from '../../../server/app.ts';
import { contextWorld } from '../../support/context-world.ts';
import { telegramApiStandIn } from '../../support/telegram-world.ts';
import { buildTelegramInbox, eventually, loadUpdate } from '../../support/telegram.ts';

let http: ServerType;
let publicUrl: string;
let app: App | null = null;
let telegram: ReturnType<typeof createTelegramChannel> | null = null;

const api = telegramApiStandIn();
beforeAll(async () => {
  // Our server's address is the public URL Telegram is told to post to, so it listens before the context exists.
  http = serve({ fetch: (req) => (app ? app.fetch(req) : new Response('starting', { status: 503 })), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => http.once('listening', resolve));
  publicUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => http.close(() => resolve())));
const { t } = contextWorld(() => ({ PUBLIC_URL: publicUrl, TELEGRAM_API_ROOT: api.apiRoot }));
afterEach(async () => {
  await telegram?.stop();
  telegram = null;
  app = null;
});

async function startWebhookBot(settings: Record<string, unknown> = {}) {
  const made = await buildTelegramInbox(t.ctx, { settings });
  telegram = createTelegramChannel(t.ctx);
  app = createApp(t.ctx, { extraRoutes: telegram.mountRoutes });
  await telegram.start();
  return { ...made, url: `${publicUrl}/webhooks/telegram/${made.inbox.id}` };
}

const post = (url: string, body: unknown, secret?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('Telegram webhook', () => {
  it('registers the webhook at PUBLIC_URL with a secret token and does not poll', async () => {
    const { token, url, inbox } = await startWebhookBot();
    expect(api.webhookOf(token)).toMatchObject({ url });
    const [status] = await t.ctx.db
      .select()
      .from(channelState)
      .where(eq(channelState.key, `telegram-status:${inbox.id}`));
    expect(status?.value).toMatchObject({ state: 'connected', mode: 'webhook', webhookUrl: url });
    expect(api.webhookOf(token)!.secret_token).toMatch(/^[0-9a-f]{64}$/);
    expect(api.callsTo('setWebhook', token)[0]!.params).toMatchObject({
      max_connections: 1,
      allowed_updates: ['message', 'edited_message', 'callback_query'],
    });
    expect(api.callsTo('getUpdates', token)).toHaveLength(0);
  });

  it('stores an update Telegram posts with the secret, and refuses posts without it or with a wrong one', async () => {
    const { token, url, botId } = await startWebhookBot();
    expect((await post(url, loadUpdate('text', { update_id: 7000 }))).status).toBe(401);
    expect((await post(url, loadUpdate('text', { update_id: 7000 }), 'f'.repeat(64))).status).toBe(401);
    expect(await t.ctx.db.$count(messages)).toBe(0);

    expect((await api.deliver(token, loadUpdate('text', { update_id: 7000 }))).status).toBe(200);
    const [msg] = await t.ctx.db.select().from(messages);
    expect(msg).toMatchObject({ channel: 'telegram', text: 'Hello, my order #4411 arrived broken.\nCan you help?' });
    expect((await readCursor(t.ctx, botId)).offset).toBe(7001);
  });

  it('handles an update Telegram delivers twice only once', async () => {
    const { token } = await startWebhookBot({ greeting: 'Hi there!' });
    for (const name of ['start', 'start', 'text', 'text']) {
      expect((await api.deliver(token, loadUpdate(name, { update_id: name === 'start' ? 7100 : 7101 }))).status).toBe(200);
    }
    expect(api.callsTo('sendMessage', token).map((c) => c.params.text)).toEqual(['Hi there!']);
    expect(await t.ctx.db.$count(messages)).toBe(1);
  });

  it('answers 500 when an update cannot be processed yet, and stores it once when Telegram retries', async () => {
    const { token } = await startWebhookBot();
    api.addFile(token, 'BQACAgIAAxkBAAIBaGinvoice', Buffer.from('%PDF-1.7 invoice'), { path: 'docs/invoice.pdf', failures: 1 });
    const update = loadUpdate('document', { update_id: 7200 });
    expect((await api.deliver(token, update)).status).toBe(500);
    expect(await t.ctx.db.$count(messages)).toBe(0);
    expect((await api.deliver(token, update)).status).toBe(200);
    expect(await t.ctx.db.$count(messages)).toBe(1);
    const [file] = await t.ctx.db.select().from(attachments);
    expect(file).toMatchObject({ filename: 'invoice-4411.pdf', size: 16 });
  });

  it('answers 400 to a body that is not JSON and 404 for an inbox without a webhook', async () => {
    const { token, url } = await startWebhookBot();
    expect((await post(url, '{not json', api.webhookOf(token)!.secret_token)).status).toBe(400);
    const unknown = await post(`${publicUrl}/webhooks/telegram/00000000-0000-4000-8000-000000000000`, loadUpdate('text'));
    expect(unknown.status).toBe(404);
  });

  it('polls instead when the inbox is set to polling even though PUBLIC_URL is set', async () => {
    const { token } = await startWebhookBot({ mode: 'polling' });
    expect(api.webhookOf(token)).toBeNull();
    await eventually(() => api.callsTo('getUpdates', token).length > 0, 'a getUpdates call');
  });
});
