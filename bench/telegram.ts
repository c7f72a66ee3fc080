/**
 * Telegram channel throughput against the local Bot API stand-in: inbound updates through the polling loop
 * (exactly-once bookkeeping included) and outbound replies through the adapter, including 4096-char splitting.
 * Run: npx tsx bench/telegram.ts [updates]   (PGlite; TEST_DB_ENGINE=postgres TEST_DATABASE_URL=... for PostgreSQL)
 *
 * Recorded 2026-11-23, 2 shared cores at load average 13-20 (other suites running), 300 updates / 300 replies:
 *   PostgreSQL 15: inbound 20 updates/s (was 13/s before the cursor write became one statement), outbound 128-214 replies/s
 *   PGlite:        inbound 14 updates/s, outbound 149-169 replies/s
 *   Inbound is sequential by design (order kept, offset committed per update): ~36 ms ingest + ~5 ms cursor per update.
 *   Telegram itself caps a bot near 30 messages/s out, so outbound is bounded by Telegram, not by us.
 */
import { randomUUID } from 'node:crypto';
import { TelegramChannel } from '../channels/telegram/channel.ts';
import { readCursor } from '../channels/telegram/cursor.ts';
import { messages } from '../server/db/schema/index.ts';
import { createTestContext } from '../test/support/context.ts';
import { TelegramApi } from '../test/support/telegram-api.ts';
import { buildTelegramInbox, eventually, loadUpdate } from '../test/support/telegram.ts';

const N = Number(process.argv[2] ?? 300);

const t = await createTestContext();
const api = await TelegramApi.start();
try {
  const { inbox, token, botId } = await buildTelegramInbox(t.ctx);
  for (let i = 0; i < N; i++) {
    // A tenth are photos (getFile + download + content-addressed store); the rest text from 50 customers.
    const chat = 900_000 + (i % 50);
    const from = { id: chat, is_bot: false, first_name: `Customer ${i % 50}`, language_code: 'en' };
    const base = { message_id: 10_000 + i, from, chat: { id: chat, type: 'private' } };
    if (i % 10 === 0) {
      api.addFile(token, `photo-${i}`, Buffer.from(`bench photo ${i} `.repeat(2000)), { path: `photos/${i}.jpg` });
      const photo = [{ file_id: `photo-${i}`, file_unique_id: `u${i}`, width: 800, height: 600, file_size: 34_000 }];
      api.pushUpdates(token, loadUpdate('photo', { update_id: 1_000 + i, message: { ...base, photo, caption: `photo ${i}` } }));
    } else {
      api.pushUpdates(token, loadUpdate('text', { update_id: 1_000 + i, message: { ...base, text: `question ${i}: my parcel is late` } }));
    }
  }
  const channel = new TelegramChannel(t.ctx, { apiRoot: api.apiRoot, pollTimeoutSeconds: 5, syncIntervalMs: 60_000 });
  const t0 = performance.now();
  await channel.start();
  await eventually(async () => (await readCursor(t.ctx, botId)).offset === 1_000 + N, 'all updates', 600_000);
  const inboundMs = performance.now() - t0;
  const stored = await t.ctx.db.$count(messages);

  const long = 'Here is what to do next. '.repeat(400); // ~10 000 chars: three Telegram messages
  const t1 = performance.now();
  for (let i = 0; i < N; i++) {
    await channel.send({
      messageId: randomUUID(),
      ticketId: randomUUID(),
      ticketNumber: i,
      channel: 'telegram',
      inboxId: inbox.id,
      threadKey: `${botId}:${900_000 + (i % 50)}`,
      subject: '',
      recipient: { externalId: '1', displayName: null, email: null },
      author: null,
      text: i % 10 === 0 ? long : `answer ${i}`,
      html: null,
      attachments: [],
      threadMessageIds: [],
      inReplyTo: null,
      automatic: false,
    });
  }
  const outboundMs = performance.now() - t1;
  await channel.stop();
  console.log(
    `engine ${t.ctx.driver}; ${N} updates (10% photos) -> ${stored} messages in ${(inboundMs / 1000).toFixed(1)} s (${(N / (inboundMs / 1000)).toFixed(0)}/s)`,
  );
  console.log(
    `${N} replies (10% split in 3) -> ${api.callsTo('sendMessage', token).length} sendMessage in ${(outboundMs / 1000).toFixed(1)} s (${(N / (outboundMs / 1000)).toFixed(0)} replies/s)`,
  );
} finally {
  await api.close();
  await t.close();
}
