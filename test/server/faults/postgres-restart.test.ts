import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../../server/db/schema/index.ts';
import { customerThreads } from '../../support/agent-view.ts';
import { startAppNode, type AppNode } from '../../support/app-node.ts';
import { ChannelLoad } from '../../support/channel-load.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { startDovecot, type Dovecot } from '../../support/dovecot.ts';
import { buildEmailInbox } from '../../support/email.ts';
import { buildTokenUser } from '../../support/http.ts';
import { databaseOn, startOwnPostgres, type OwnPostgres } from '../../support/own-postgres.ts';
import { until } from '../../support/sockets.ts';
import { TelegramApi } from '../../support/telegram-api.ts';
import { buildTelegramInbox } from '../../support/telegram.ts';
import { connectVisitors, type WidgetVisitor } from '../../support/widget-load.ts';
import { buildWidgetInbox } from '../../channels/widget/harness.ts';

// The widget allows 20 messages a minute per visitor and 120 per IP: the whole file stays under both.
const VISITORS = 4;
const MAILS = 12;
const UPDATES = 20;
const readyz = async (url: string) => {
  const res = await fetch(`${url}/readyz`);
  return {
    status: res.status,
    body: (await res.json()) as { status: string; checks: Array<{ name: string; ok: boolean; detail?: string }> },
  };
};

describe('PostgreSQL restarted under a widget, email and Telegram load', () => {
  let pg: OwnPostgres;
  let t: TestContext;
  let dovecot: Dovecot;
  let telegram: TelegramApi;
  let botToken: string;
  let load: ChannelLoad;
  let node: AppNode;
  let admin: Record<string, string>;
  const visitors: WidgetVisitor[] = [];
  let producer: NodeJS.Timeout | undefined;

  /** Each visitor writes one message every `everyMs` until it has written `upTo` in all. */
  const produce = (upTo: number, everyMs = 300) => {
    clearInterval(producer);
    let i = 0;
    producer = setInterval(() => {
      const v = visitors[i++ % VISITORS]!;
      if (v.written < upTo) v.write();
    }, everyMs / VISITORS);
  };
  const ackedCount = () => visitors.reduce((n, v) => n + v.acked.size, 0);
  const expectAlive = () => {
    if (!node.alive()) throw new Error(`the node died:\n${node.output.join('').slice(-3000)}`);
  };
  const inCount = (channel: 'email' | 'telegram' | 'widget') =>
    t.ctx.db.$count(messages, and(eq(messages.channel, channel), eq(messages.direction, 'in')));
  const drained = () => visitors.every((v) => v.outbox.length === 0);

  beforeAll(async () => {
    pg = await startOwnPostgres();
    t = await createTestContext({}, await databaseOn(pg.url));
    [dovecot, telegram] = await Promise.all([startDovecot(), TelegramApi.start()]);
    await buildEmailInbox(t.ctx, dovecot);
    botToken = (await buildTelegramInbox(t.ctx)).token;
    load = new ChannelLoad({ dovecot, telegram: { api: telegram, token: botToken } }, { mails: MAILS, updates: UPDATES });
    const inbox = await buildWidgetInbox(t.ctx);
    admin = (await buildTokenUser(t.ctx, ['admin'])).headers;
    node = await startAppNode('pg-restart', {
      DATABASE_URL: pg.url,
      DATABASE_POOL_SIZE: '4',
      SECRET_KEY: 'test-secret-key-test-secret-key-0123',
      OUTBOX_POLL_MS: '100',
      TELEGRAM_API_ROOT: telegram.apiRoot,
      // Short enough that the outage below outlasts a renewal: the pollers stop, and must start again by themselves.
      LEASE_TTL_SECONDS: '2',
    });
    visitors.push(...(await connectVisitors(VISITORS, inbox.id, node.url, { retryMs: 150 })));
  }, 60_000);

  afterAll(async () => {
    clearInterval(producer);
    load?.stop();
    await Promise.all(visitors.map((v) => v.stop()));
    await node?.stop();
    await Promise.all([dovecot?.stop(), telegram?.close()]);
    await t?.close().catch(() => undefined);
    await pg?.close();
  });

  it('rides out a fast restart in the middle of the load: nothing acknowledged is lost or doubled', async () => {
    produce(3, 100);
    await until(() => ackedCount() >= 3 * VISITORS && drained(), 'the first messages acked', 15_000);
    load.start();
    await until(async () => (await inCount('email')) >= 1 && (await inCount('telegram')) >= 1, 'mail and Telegram flowing', 15_000);
    produce(9);
    const before = ackedCount();
    await until(() => ackedCount() >= before + 4, 'acks under load', 10_000);
    await pg.restart('fast');
    const restartedAt = ackedCount();
    await until(() => ackedCount() >= restartedAt + 4, 'acks after the restart', 15_000);
    expectAlive();
  });

  it('while the database is down: says so in /readyz, refuses sends with a clear error, and recovers without a restart of its own', async () => {
    produce(16);
    await until(() => visitors.every((v) => v.written >= 10), 'the next messages written', 10_000);
    const dropped = () => node.logs.filter((l) => l.msg === 'lease no longer held; stopping its work').length;
    const droppedBefore = dropped();
    const stoppedAt = Date.now();
    await pg.stop('immediate');

    const down = await until(
      async () => {
        expectAlive();
        const r = await readyz(node.url);
        return r.status === 503 && r;
      },
      '/readyz to report the database down',
      10_000,
    );
    expect(down.body.checks.find((c) => c.name === 'database')).toMatchObject({ ok: false });
    expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
    const refusal = await until(
      () => visitors.flatMap((v) => v.refusals).find((r) => r.at > stoppedAt),
      'a send refused during the outage',
      10_000,
    );
    expect(refusal).toMatchObject({ code: 'UNAVAILABLE' });
    expect(refusal.message).toMatch(/try again/i);
    // The mailbox and bot pollers give their leases up when they cannot renew them (ttl 2 s).
    await until(() => dropped() >= droppedBefore + 2, 'both pollers to stop', 10_000);

    await pg.start();
    const startedAt = Date.now();
    await until(async () => (await readyz(node.url)).status === 200, '/readyz ready again', 15_000);
    console.info(`[faults] PostgreSQL down ${startedAt - stoppedAt} ms; /readyz ready ${Date.now() - startedAt} ms after it started again`);
    await until(() => visitors.every((v) => v.written >= 16) && drained(), 'every queued message acked after the outage', 20_000);
    // Mail and updates that arrive after the outage too: the pollers took their leases back by themselves.
    load.raise({ mails: 2, updates: 2 });
    await until(
      async () => load.done && (await inCount('email')) >= MAILS + 2 && (await inCount('telegram')) >= UPDATES + 2,
      'every mail and update ingested after the outage',
      20_000,
    );
    expectAlive();
    // Every refusal, in the fast restart too, told the customer the same: not saved, try again (the widget resends).
    expect(new Set(visitors.flatMap((v) => v.refusals.map((r) => r.code)))).toEqual(new Set(['UNAVAILABLE']));
  });

  it('stored every acknowledged message, mail and update exactly once (widget in the order written), visible to agents', async () => {
    clearInterval(producer);
    const threads = await customerThreads(node.url, admin, 'widget');
    expect(threads).toHaveLength(VISITORS);
    for (const v of visitors) {
      expect(v.acked.size).toBe(v.written);
      const thread = threads.find((th) => th.texts[0]?.startsWith(`${v.name} #`));
      expect(thread?.texts).toEqual(Array.from({ length: v.written }, (_, i) => `${v.name} #${i + 1}`));
    }
    expect(await inCount('widget')).toBe(ackedCount());
    expect(await inCount('email')).toBe(MAILS + 2);
    expect(await inCount('telegram')).toBe(UPDATES + 2);
    const mails = await customerThreads(node.url, admin, 'email');
    expect(mails.map((m) => m.subject).sort()).toEqual([...load.mailed].sort());
    const chats = await customerThreads(node.url, admin, 'telegram');
    expect(chats.flatMap((c) => c.texts).sort()).toEqual([...load.updates].sort());
    await until(() => telegram.pending(botToken).length === 0, 'every update confirmed to Telegram', 10_000);
  });

  it('delivers an agent reply to the widget after the outage (the outbox worker carried on)', async () => {
    const [thread] = await customerThreads(node.url, admin, 'widget');
    const v = visitors.find((x) => thread!.texts[0]!.startsWith(`${x.name} #`))!;
    const res = await fetch(`${node.url}/api/tickets/${thread!.id}/reply`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ text: 'Back after the database outage' }),
    });
    expect(res.status).toBe(201);
    await until(
      () => v.seen.find((e) => e.name === 'message' && e.data.text === 'Back after the database outage'),
      'the reply in the widget',
      10_000,
    );
  });
});
