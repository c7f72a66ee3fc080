import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, notifications, webhookAttempts, webhookDeliveries, webhookSubscriptions } from '../../../../server/db/schema/index.ts';
import { createSubscription } from '../../../../server/services/webhooks/manage-subscriptions.ts';
import { redeliver, sendPing } from '../../../../server/services/webhooks/deliveries.ts';
import { pruneDeliveries } from '../../../../server/services/webhooks/prune-deliveries.ts';
import { sendWebhook } from '../../../../server/services/webhooks/send-webhook.ts';
import { createWebhookWorker } from '../../../../server/workers/webhook-worker.ts';
import type { ProcessEventName } from '../../../../server/services/process-events/event-names.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildActor, buildTicket } from '../../../support/factories.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../../support/webhook-receiver.ts';

// A 24-hour retry span on the test's fake clock; half a second for a receiver to answer; off after 2 given up in a row.
const { t } = contextWorld({
  WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
  WEBHOOK_TIMEOUT_SECONDS: '0.5',
  WEBHOOK_RETRY_BASE_SECONDS: '60',
  WEBHOOK_RETRY_HOURS: '24',
  WEBHOOK_DISABLE_AFTER: '2',
});
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver?.stop());
const worker = () => createWebhookWorker(t.ctx, { random: () => 1 });

async function setup(events: ProcessEventName[] = ['ticket.created']) {
  receiver.reset();
  const admin = await buildActor(t.ctx, ['admin']);
  const { subscription, secret } = await createSubscription(t.ctx, admin, { name: 'CRM', url: receiver.url, events });
  receiver.secret = secret;
  return { admin, subscription };
}

const deliveryRows = () => t.ctx.db.select().from(webhookDeliveries);

describe('webhook delivery', () => {
  it('POSTs the event signed with the subscription secret, once, and logs the attempt with its status and time', async () => {
    const { subscription } = await setup();
    const { ticketId } = await buildTicket(t.ctx, { subject: 'Where is my parcel?' });
    const [result] = await worker().drainOnce();
    expect(result).toMatchObject({ status: 'delivered', statusCode: 200 });
    expect(receiver.received).toHaveLength(1);
    const hit = receiver.received[0]!;
    expect(hit.verified).toBe(true);
    expect(hit.event).toBe('ticket.created');
    expect(hit.json).toMatchObject({ version: 1, event: 'ticket.created', ticket: { id: ticketId, subject: 'Where is my parcel?' } });
    const [row] = await deliveryRows();
    expect(hit.deliveryId).toBe(row!.id);
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200, subscriptionId: subscription.id });
    const log = await t.ctx.db.select().from(webhookAttempts);
    expect(log).toEqual([expect.objectContaining({ statusCode: 200, error: null, manual: false })]);
    expect(await worker().drainOnce()).toEqual([]);
    expect(receiver.received).toHaveLength(1);
  });

  it('a wrong secret does not verify (the receiver check can fail)', async () => {
    await setup();
    receiver.secret = 'whsec_not-the-one';
    await buildTicket(t.ctx);
    await worker().drainOnce();
    expect(receiver.received[0]!.verified).toBe(false);
  });

  it('retries a 500 and a timeout with growing backoff, then delivers once when the receiver answers again', async () => {
    await setup();
    await buildTicket(t.ctx);
    receiver.mode = 500;
    const [first] = await worker().drainOnce();
    expect(first).toMatchObject({ status: 'pending', statusCode: 500, error: 'HTTP 500' });
    expect(first!.nextAttemptAt!.getTime() - t.ctx.now().getTime()).toBeGreaterThan(50_000);
    expect(await worker().drainOnce()).toEqual([]);

    receiver.mode = 'hang';
    t.clock.advance(61_000);
    const [second] = await worker().drainOnce();
    expect(second).toMatchObject({ status: 'pending', statusCode: null, error: 'no answer within 1 s' });
    // Twice as long as the first wait (jitter pinned to its top here).
    expect(second!.nextAttemptAt!.getTime() - t.ctx.now().getTime()).toBeGreaterThan(110_000);

    receiver.mode = 'ok';
    t.clock.advance(121_000);
    const [third] = await worker().drainOnce();
    expect(third).toMatchObject({ status: 'delivered', statusCode: 200 });
    t.clock.advance(3_600_000);
    expect(await worker().drainOnce()).toEqual([]);

    const ids = new Set(receiver.received.map((r) => r.deliveryId));
    expect(ids.size).toBe(1);
    expect(receiver.received).toHaveLength(3);
    expect(receiver.acceptedIds()).toEqual([...ids]);
    const log = await t.ctx.db.select().from(webhookAttempts).orderBy(webhookAttempts.id);
    expect(log.map((a) => a.statusCode)).toEqual([500, null, 200]);
  });

  it('gives up after 24 hours of failures; the second delivery given up in a row switches the subscription off, audited, admins alerted', async () => {
    const { admin, subscription } = await setup(['ticket.created', 'message.customer']);
    await buildTicket(t.ctx);
    receiver.mode = 503;
    const w = worker();
    expect(await w.drainOnce()).toHaveLength(2);
    // Retried all through the span: the last try falls on its end.
    let tries = 1;
    for (let h = 0; h < 26; h++) {
      t.clock.advance(3_600_000);
      const batch = await w.drainOnce();
      if (batch.length) tries++;
      if (batch.some((r) => r.status === 'failed')) break;
    }
    expect(tries).toBeGreaterThan(20);
    const rows = await deliveryRows();
    expect(rows.map((r) => r.status)).toEqual(['failed', 'failed']);
    const [sub] = await t.ctx.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, subscription.id));
    expect(sub).toMatchObject({ enabled: false, consecutiveFailures: 2 });
    expect(sub!.disabledReason).toMatch(/2 deliveries in a row failed for 24 hours each; last error: HTTP 503/);
    const alerts = await t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, admin.id), eq(notifications.kind, 'webhook')));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.data).toMatchObject({ subscriptionId: subscription.id, name: 'CRM' });
    const audits = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'webhook.disabled'));
    expect(audits).toHaveLength(1);

    // Switched off: new events are not written, nothing is sent.
    receiver.received.length = 0;
    receiver.mode = 'ok';
    await buildTicket(t.ctx);
    t.clock.advance(3_600_000);
    expect(await w.drainOnce()).toEqual([]);
    expect(receiver.received).toHaveLength(0);
  });

  it('a success in between resets the count: failures must be in a row', async () => {
    const { subscription } = await setup(['ticket.created']);
    receiver.mode = 500;
    await buildTicket(t.ctx);
    await worker().drainOnce();
    t.clock.advance(25 * 3_600_000);
    expect((await worker().drainOnce())[0]!.status).toBe('failed');
    receiver.mode = 'ok';
    await buildTicket(t.ctx);
    expect((await worker().drainOnce())[0]!.status).toBe('delivered');
    const [sub] = await t.ctx.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, subscription.id));
    expect(sub).toMatchObject({ enabled: true, consecutiveFailures: 0 });
  });

  it('an admin redelivers a given-up delivery by hand; the manual attempt is logged and it is delivered', async () => {
    const { admin } = await setup();
    receiver.mode = 500;
    await buildTicket(t.ctx);
    await worker().drainOnce();
    t.clock.advance(25 * 3_600_000);
    await worker().drainOnce();
    const [row] = await deliveryRows();
    expect(row!.status).toBe('failed');
    receiver.mode = 'ok';
    const view = await redeliver(t.ctx, admin, row!.id);
    expect(view).toMatchObject({ status: 'delivered', lastStatusCode: 200 });
    expect(view.log.map((a) => [a.statusCode, a.manual])).toEqual([
      [500, false],
      [500, false],
      [200, true],
    ]);
    const agent = await buildActor(t.ctx, ['supervisor']);
    await expect(redeliver(t.ctx, agent, row!.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a ping is sent at once and answers with what the receiver said', async () => {
    const { admin, subscription } = await setup();
    const ok = await sendPing(t.ctx, admin, subscription.id);
    expect(ok).toMatchObject({ event: 'ping', status: 'delivered', lastStatusCode: 200 });
    expect(receiver.received[0]).toMatchObject({ event: 'ping', verified: true, json: { event: 'ping', webhook: { name: 'CRM' } } });
    receiver.mode = 404;
    const bad = await sendPing(t.ctx, admin, subscription.id);
    expect(bad).toMatchObject({ status: 'failed', lastStatusCode: 404, nextAttemptAt: null });
  });

  it('without WEBHOOK_ALLOW_PRIVATE_URLS a name resolving to a loopback address is refused at connect time', async () => {
    const res = await sendWebhook({
      url: `http://localhost:${receiver.port}/hooks/switchboard`,
      body: '{}',
      headers: {},
      timeoutMs: 1000,
      allowPrivate: false,
    });
    expect(res.statusCode).toBeNull();
    expect(res.error).toMatch(/resolves to a private address/);
  });

  it('keeps the delivery log 30 days: settled deliveries older than that go, pending ones stay', async () => {
    const { admin, subscription } = await setup(['ticket.created', 'message.customer']);
    await buildTicket(t.ctx);
    await worker().drainOnce();
    receiver.mode = 500;
    expect((await sendPing(t.ctx, admin, subscription.id)).status).toBe('failed');
    // One still waiting for its retry.
    await t.ctx.db.update(webhookDeliveries).set({ status: 'pending' }).where(eq(webhookDeliveries.event, 'message.customer'));
    t.clock.advance(29 * 86_400_000);
    expect(await pruneDeliveries(t.ctx)).toBe(0);
    t.clock.advance(2 * 86_400_000);
    expect(await pruneDeliveries(t.ctx)).toBe(2);
    expect((await deliveryRows()).map((d) => d.event)).toEqual(['message.customer']);
  });
});
