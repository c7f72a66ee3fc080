import { and, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { webhookAttempts, webhookDeliveries, webhookSubscriptions, type WebhookDeliveryStatus } from '../../db/schema/index.ts';
import { backoffMs } from '../outbox/settle.ts';
import type { ClaimedDelivery } from './claim-deliveries.ts';
import { countGivenUp } from './disable-failing.ts';
import { sendWebhook, type WebhookResponse } from './send-webhook.ts';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from './sign.ts';

export interface AttemptOptions {
  /** An admin's redelivery: logged as manual; a failure leaves a delivered or given-up delivery as it was. */
  manual?: { previousStatus: WebhookDeliveryStatus };
  random?: () => number;
}

export interface AttemptResult extends WebhookResponse {
  status: WebhookDeliveryStatus;
  nextAttemptAt: Date | null;
  /** False when the claim was no longer this worker's (its lease ran out): nothing was settled. */
  settled: boolean;
  disabled: boolean;
}

async function post(ctx: ServiceContext, d: ClaimedDelivery): Promise<WebhookResponse> {
  let secret: string;
  try {
    secret = ctx.secrets.open(d.sealedSecret);
  } catch {
    return { statusCode: null, error: 'the signing secret cannot be read (SECRET_KEY changed?): rotate the secret', durationMs: 0 };
  }
  const body = JSON.stringify(d.payload);
  return sendWebhook({
    url: d.url,
    body,
    timeoutMs: ctx.config.WEBHOOK_TIMEOUT_SECONDS * 1000,
    allowPrivate: ctx.config.WEBHOOK_ALLOW_PRIVATE_URLS === 'true',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Switchboard-Webhooks/1',
      [EVENT_HEADER]: d.event,
      [DELIVERY_HEADER]: d.id,
      [SIGNATURE_HEADER]: signatureHeader(secret, body, ctx.now()),
    },
  });
}

/**
 * Sends one claimed delivery and settles it: logs the attempt, then delivered (2xx), retried later with exponential
 * backoff and jitter, or given up once WEBHOOK_RETRY_HOURS have passed since it was written (the last try falls on
 * the end of that span). The settle is fenced on the claim's attempt count, so a claim taken over is never settled twice.
 */
export async function attemptDelivery(ctx: ServiceContext, d: ClaimedDelivery, opts: AttemptOptions = {}): Promise<AttemptResult> {
  const res = await post(ctx, d);
  const ok = res.statusCode !== null && res.statusCode >= 200 && res.statusCode < 300;
  const at = ctx.now();
  const until = new Date(d.createdAt.getTime() + ctx.config.WEBHOOK_RETRY_HOURS * 3_600_000);
  const backoff = { baseMs: ctx.config.WEBHOOK_RETRY_BASE_SECONDS * 1000, capMs: ctx.config.WEBHOOK_RETRY_MAX_MINUTES * 60_000 };
  const kept = opts.manual && opts.manual.previousStatus !== 'pending' ? opts.manual.previousStatus : null;
  const status: WebhookDeliveryStatus = ok ? 'delivered' : (kept ?? (at >= until ? 'failed' : 'pending'));
  const next = status === 'pending' ? new Date(Math.min(until.getTime(), at.getTime() + backoffMs(d.attempts, backoff, opts.random))) : at;
  return ctx.db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({
      deliveryId: d.id,
      statusCode: res.statusCode,
      error: ok ? null : res.error,
      durationMs: res.durationMs,
      manual: Boolean(opts.manual),
      createdAt: at,
    });
    const landed = await tx
      .update(webhookDeliveries)
      .set({
        status,
        nextAttemptAt: next,
        lastStatusCode: res.statusCode,
        lastError: ok ? null : res.error,
        lastDurationMs: res.durationMs,
        ...(ok ? { deliveredAt: at } : {}),
        updatedAt: at,
      })
      .where(and(eq(webhookDeliveries.id, d.id), eq(webhookDeliveries.attempts, d.attempts), eq(webhookDeliveries.status, 'pending')))
      .returning({ id: webhookDeliveries.id });
    const result = { ...res, status, nextAttemptAt: status === 'pending' ? next : null, settled: landed.length === 1, disabled: false };
    if (!result.settled) return result;
    if (ok) {
      await tx.update(webhookSubscriptions).set({ consecutiveFailures: 0 }).where(eq(webhookSubscriptions.id, d.subscriptionId));
    } else if (status === 'failed' && !kept) {
      result.disabled = await countGivenUp(tx, {
        subscriptionId: d.subscriptionId,
        limit: ctx.config.WEBHOOK_DISABLE_AFTER,
        retryHours: ctx.config.WEBHOOK_RETRY_HOURS,
        lastError: res.error ?? 'unknown',
        now: at,
      });
    }
    return result;
  });
}
