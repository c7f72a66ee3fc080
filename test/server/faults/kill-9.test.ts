import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../../server/db/schema/index.ts';
import { externalIdOf } from '../../../channels/widget/send-message.ts';
import { customerThreads } from '../../support/agent-view.ts';
import { startAppNode, type AppNode } from '../../support/app-node.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { startDovecot, type Dovecot } from '../../support/dovecot.ts';
import { ChannelLoad } from '../../support/channel-load.ts';
import { buildEmailInbox } from '../../support/email.ts';
import { buildTokenUser } from '../../support/http.ts';
import { until } from '../../support/sockets.ts';
import { TelegramApi } from '../../support/telegram-api.ts';
import { buildTelegramInbox } from '../../support/telegram.ts';
import { connectVisitors, type WidgetVisitor } from '../../support/widget-load.ts';
import { buildWidgetInbox } from '../../channels/widget/harness.ts';

// Under the widget's limits (20 messages a minute per visitor, 120 per IP) for the whole file.
const VISITORS = 5;
const PER_VISITOR = 12;
const MAILS = 16;
const UPDATES = 24;

describe('kill -9 of a node under a mixed load of widget, email and Telegram messages', () => {
  let t: TestContext;
  let dovecot: Dovecot;
  let telegram: TelegramApi;
  let botToken: string;
  let node: AppNode;
  let env: Record<string, string>;
  let dataDir: string;
  let admin: Record<string, string>;
  const visitors: WidgetVisitor[] = [];
  let producer: NodeJS.Timeout | undefined;
  let load: ChannelLoad;

  const inCount = async (channel: 'email' | 'telegram' | 'widget') =>
    t.ctx.db.$count(messages, and(eq(messages.channel, channel), eq(messages.direction, 'in')));
  const ackedCount = () => visitors.reduce((n, v) => n + v.acked.size, 0);

  /** Visitors write, mail lands in the Maildir and updates queue at Telegram, whether or not the node is up. */
  function startLoad() {
    let i = 0;
    producer = setInterval(() => {
      const v = visitors[i++ % VISITORS]!;
      if (v.written < PER_VISITOR) v.write();
    }, 300 / VISITORS);
    load.start();
  }

  beforeAll(async () => {
    t = await createTestContext();
    [dovecot, telegram] = await Promise.all([startDovecot(), TelegramApi.start()]);
    await buildEmailInbox(t.ctx, dovecot);
    botToken = (await buildTelegramInbox(t.ctx)).token;
    load = new ChannelLoad({ dovecot, telegram: { api: telegram, token: botToken } }, { mails: MAILS, updates: UPDATES });
    const widget = await buildWidgetInbox(t.ctx);
    admin = (await buildTokenUser(t.ctx, ['admin'])).headers;
    dataDir = mkdtempSync(path.join(tmpdir(), 'sb-kill9-'));
    env = {
      DATABASE_URL: t.database.url!,
      DATABASE_POOL_SIZE: '5',
      DATA_DIR: dataDir,
      SECRET_KEY: 'test-secret-key-test-secret-key-0123',
      TELEGRAM_API_ROOT: telegram.apiRoot,
      // The restarted node takes the dead one's mailbox and bot leases once they lapse.
      LEASE_TTL_SECONDS: '2',
      OUTBOX_POLL_MS: '100',
    };
    node = await startAppNode('kill9', env);
    visitors.push(...(await connectVisitors(VISITORS, widget.id, node.url, { retryMs: 200 })));
  }, 60_000);

  afterAll(async () => {
    clearInterval(producer);
    load?.stop();
    await Promise.all(visitors.map((v) => v.stop()));
    await node?.stop();
    await Promise.all([dovecot?.stop(), telegram?.close()]);
    await t?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('after a kill -9 mid-load and a restart, stores every acknowledged and resent message exactly once, visible to agents', async () => {
    startLoad();
    await until(
      async () => ackedCount() >= 10 && (await inCount('email')) >= 3 && (await inCount('telegram')) >= 3,
      'all three channels flowing',
      20_000,
    );

    // Sends awaiting their ack as the node dies: it may have committed some of them already.
    const inFlight = visitors.flatMap((v) => (v.sending ? [externalIdOf(v.visitorId!, v.sending)] : []));
    await node.kill();
    const killedAt = Date.now();
    const committedUnacked = await t.ctx.db.$count(messages, inArray(messages.channelMessageId, inFlight));
    const backlog = { mail: load.mailed.length - (await inCount('email')), telegram: load.updates.length - (await inCount('telegram')) };

    node = await startAppNode('kill9-restarted', env);
    const restartedMs = Date.now() - killedAt;
    for (const v of visitors) await v.connect(node.url);

    await until(() => visitors.every((v) => v.written === PER_VISITOR && v.outbox.length === 0), 'every widget message acked', 30_000);
    await until(async () => load.mailed.length === MAILS && (await inCount('email')) >= MAILS, 'every mail ingested', 30_000);
    await until(
      async () => load.updates.length === UPDATES && (await inCount('telegram')) >= UPDATES,
      'every Telegram update ingested',
      30_000,
    );
    console.info(
      `[faults] kill -9: node listening again ${restartedMs} ms after the kill; ${inFlight.length} widget sends awaited their ack at the kill, ${committedUnacked} of them already committed (acked on resend, stored once); ${backlog.mail} mails and ${backlog.telegram} Telegram updates not yet stored`,
    );

    // Exactly once: no extra rows appeared while the restarted node caught up, in any channel.
    expect(await inCount('widget')).toBe(VISITORS * PER_VISITOR);
    expect(await inCount('email')).toBe(MAILS);
    expect(await inCount('telegram')).toBe(UPDATES);

    // What an agent sees.
    const chats = await customerThreads(node.url, admin, 'widget');
    expect(chats).toHaveLength(VISITORS);
    for (const v of visitors) {
      expect(v.acked.size).toBe(PER_VISITOR);
      expect(chats.find((c) => c.texts[0]?.startsWith(`${v.name} #`))?.texts).toEqual(
        Array.from({ length: PER_VISITOR }, (_, i) => `${v.name} #${i + 1}`),
      );
    }
    const mails = await customerThreads(node.url, admin, 'email');
    expect(mails.map((m) => m.subject).sort()).toEqual([...load.mailed].sort());
    const tg = await customerThreads(node.url, admin, 'telegram');
    expect(tg.flatMap((c) => c.texts).sort()).toEqual([...load.updates].sort());

    // Telegram was told every update was handled (the confirmed offset is past the last one).
    await until(() => telegram.pending(botToken).length === 0, 'every update confirmed to Telegram', 10_000);
  });
});
