import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookAttempts, webhookDeliveries } from '../../../server/db/schema/index.ts';
import { createSubscription } from '../../../server/services/webhooks/manage-subscriptions.ts';
import { startAppNode, type AppNode } from '../../support/app-node.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { buildActor, buildTicket } from '../../support/factories.ts';
import { until } from '../../support/sockets.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';

const TICKETS = 5;
const TIMEOUT_S = 5;
/** claim-deliveries.ts: a claim lasts the timeout plus 5 s. */
const LEASE_MS = TIMEOUT_S * 1000 + 5_000;

describe('kill -9 of a node in the middle of webhook deliveries', () => {
  let t: TestContext;
  let receiver: WebhookReceiver;
  let env: Record<string, string>;
  let a: AppNode | undefined;
  let b: AppNode | undefined;

  beforeAll(async () => {
    // The receiver is on 127.0.0.1: private addresses are allowed for this test, in the nodes and the test's context alike.
    t = await createTestContext({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true' });
    receiver = await startWebhookReceiver();
    const admin = await buildActor(t.ctx, ['admin']);
    const { secret } = await createSubscription(t.ctx, admin, { name: 'CRM', url: receiver.url, events: ['ticket.created'] });
    receiver.secret = secret;
    env = {
      DATABASE_URL: t.database.url!,
      DATABASE_POOL_SIZE: '5',
      SECRET_KEY: 'test-secret-key-test-secret-key-0123',
      LEASE_TTL_SECONDS: '2',
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
      WEBHOOK_TIMEOUT_SECONDS: String(TIMEOUT_S),
      WEBHOOK_POLL_MS: '100',
    };
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.kill(), b?.stop()]);
    await receiver?.stop();
    await t?.close();
  });

  it('deliveries in flight on the killed node are sent again by another node, and each is accepted exactly once', async () => {
    // The receiver takes every request and answers none: node A is killed with all of them in flight.
    receiver.mode = 'hang';
    for (let i = 0; i < TICKETS; i++) await buildTicket(t.ctx, { subject: `Order ${i}` });
    a = await startAppNode('webhooks-a', env);
    await receiver.waitFor(TICKETS, 20_000);
    const inFlight = await t.ctx.db.select().from(webhookDeliveries);
    expect(inFlight.map((d) => [d.status, d.attempts])).toEqual(inFlight.map(() => ['pending', 1]));
    expect(await t.ctx.db.select().from(webhookAttempts)).toEqual([]);

    await a.kill();
    const killedAt = Date.now();
    receiver.mode = 'ok';
    b = await startAppNode('webhooks-b', env);
    await until(async () => receiver.acceptedIds().length === TICKETS, 'every delivery accepted by the receiver', 30_000);
    const ms = Date.now() - killedAt;
    await until(
      async () => (await t.ctx.db.select().from(webhookDeliveries)).every((d) => d.status === 'delivered'),
      'every delivery settled as delivered',
      10_000,
    );
    console.info(`[faults] webhook kill -9: ${TICKETS} deliveries in flight on the dead node were accepted ${ms} ms after the kill`);
    expect(ms).toBeLessThan(LEASE_MS + 5_000);

    const rows = await t.ctx.db.select().from(webhookDeliveries);
    expect(rows.map((d) => [d.status, d.attempts, d.lastStatusCode])).toEqual(rows.map(() => ['delivered', 2, 200]));
    // At least once: each was sent twice (once into the dead node's lost connection), accepted once, same delivery id.
    const sent = new Map<string, number>();
    for (const r of receiver.received) sent.set(r.deliveryId, (sent.get(r.deliveryId) ?? 0) + 1);
    expect([...sent.keys()].sort()).toEqual(rows.map((d) => d.id).sort());
    expect([...sent.values()]).toEqual(rows.map(() => 2));
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect(receiver.acceptedIds().sort()).toEqual(rows.map((d) => d.id).sort());

    // Nothing more goes out afterwards.
    const count = receiver.received.length;
    await new Promise((r) => setTimeout(r, 1_000));
    expect(receiver.received).toHaveLength(count);
    for (const d of rows) {
      const log = await t.ctx.db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, d.id));
      expect(log.map((l) => l.statusCode)).toEqual([200]);
    }
  });
});
