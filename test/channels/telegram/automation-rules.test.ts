import { eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from 'grammy/types';
import { readCursor } from '../../../channels/telegram/cursor.ts';
import type { TelegramChannel } from '../../../channels/telegram/channel.ts';
import { normaliseMessage } from '../../../channels/telegram/normalise.ts';
import { messages, tickets } from '../../../server/db/schema/index.ts';
import { ingest } from '../../../server/services/tickets/ingest.ts';
import { freePort } from '../../support/free-port.ts';
import { serverWorld } from '../../support/server-world.ts';
import { telegramApiStandIn } from '../../support/telegram-world.ts';
import { buildTelegramInbox, eventually, loadUpdate } from '../../support/telegram.ts';
import { buildRule, firingsOf, historyKinds, rulesSettled } from '../../server/services/automation/harness.ts';

const NOTE = 'Refund asked: check the order before answering.';
const REPLY = 'We have your refund request and answer within one business day.';
const TEXT = 'My order #4411 arrived broken. I want a refund.';

const api = telegramApiStandIn();
let port = 0;
beforeAll(async () => {
  port = await freePort();
});
// The real server with its Telegram channel and outbox: webhook bots are told to post to PUBLIC_URL, its own address.
const { server } = serverWorld(() => ({
  TELEGRAM_API_ROOT: api.apiRoot,
  PORT: String(port),
  PUBLIC_URL: `http://127.0.0.1:${port}`,
  OUTBOX_POLL_MS: '50',
}));
const telegram = () => server.channels.telegram as TelegramChannel;

beforeEach(async () => {
  await server.reset();
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
});

/** Once all is settled: one ticket, one customer message, the refund tag, one note, one "by rule" line, one reply in the chat. */
async function expectFiredOnce(token: string) {
  await eventually(() => rulesSettled(server.ctx), 'rules and replies settled', 15_000);
  const [ticket, ...more] = await server.ctx.db.select().from(tickets).where(eq(tickets.channel, 'telegram'));
  expect(more).toEqual([]);
  expect(ticket!.tags).toEqual(['refund']);
  const rows = await server.ctx.db.select().from(messages).where(eq(messages.ticketId, ticket!.id));
  expect(rows.filter((m) => m.direction === 'in').map((m) => m.text)).toEqual([TEXT]);
  expect(rows.filter((m) => m.direction === 'note').map((m) => m.text)).toEqual([NOTE]);
  expect((await historyKinds(server.ctx, ticket!.id, 'rule_fired')).map((e) => e.toValue)).toEqual(['Refund requests']);
  expect((await firingsOf(server.ctx, ticket!.id)).map((f) => f.outcome)).toEqual(['done']);
  expect(api.callsTo('sendMessage', token).filter((c) => c.params.text === REPLY)).toHaveLength(1);
}

const replied = (token: string) =>
  eventually(() => api.callsTo('sendMessage', token).find((c) => c.params.text === REPLY), "the rule's reply in the chat", 15_000);

describe('an automation rule on Telegram messages', () => {
  it('fires once on a webhook update, and not again when Telegram posts the same update after the bot restarts', async () => {
    const { token } = await buildTelegramInbox(server.ctx, { settings: { mode: 'webhook' } });
    await telegram().sync();
    const update = loadUpdate('text', { update_id: 8000, message: { text: TEXT } });
    expect((await api.deliver(token, update)).status).toBe(200);
    await replied(token);

    // The node went down before Telegram saw its answer: after the restart Telegram posts the update again.
    await telegram().stop();
    await telegram().start();
    expect((await api.deliver(token, update)).status).toBe(200);
    await expectFiredOnce(token);
  });

  it('fires once when a restarted poller is handed an update the crashed one had stored but not confirmed', async () => {
    const { inbox, token, botId } = await buildTelegramInbox(server.ctx, { settings: { mode: 'polling' } });
    await telegram().sync();
    await eventually(() => api.callsTo('getUpdates', token).length > 0, 'the bot to poll');

    // What the poller got done for update 8100 before it crashed: the message is in (the rule fired and its reply
    // went out), the offset is not recorded, so Telegram hands the update out again.
    const update = loadUpdate('text', { update_id: 8100, message: { text: TEXT } });
    await ingest(server.ctx, normaliseMessage(botId, inbox.id, update.message as Message, false).inbound);
    await replied(token);
    await telegram().stop();
    expect((await readCursor(server.ctx, botId)).offset).toBeLessThanOrEqual(8100);

    api.pushUpdates(token, update);
    await telegram().start();
    await eventually(async () => (await readCursor(server.ctx, botId)).offset === 8101, 'update 8100 handled by the new poller', 15_000);
    await expectFiredOnce(token);
  });
});
