import type { ServiceContext } from '../context.ts';
import { attemptDelivery, type AttemptResult } from '../services/webhooks/attempt-delivery.ts';
import { claimDueDeliveries } from '../services/webhooks/claim-deliveries.ts';
import { pruneDeliveries } from '../services/webhooks/prune-deliveries.ts';

export interface WebhookWorkerOptions {
  pollMs?: number;
  batchSize?: number;
  random?: () => number;
}

export interface WebhookWorker {
  start(): void;
  /** Finishes the sends in hand, then stops. */
  stop(): Promise<void>;
  /** Sends now instead of at the next poll (a test ping was just queued). */
  kick(): void;
  /** Claims and sends one batch; tests call this instead of start(). */
  drainOnce(): Promise<AttemptResult[]>;
}

/**
 * Runs on every node: claims due webhook deliveries (disjoint across nodes) and sends them, a batch at a time and
 * in parallel within it (they go to different receivers). Outside any event's transaction: a slow or failing
 * receiver delays nothing but its own deliveries.
 */
export function createWebhookWorker(ctx: ServiceContext, opts: WebhookWorkerOptions = {}): WebhookWorker {
  const log = ctx.log.child({ worker: 'webhooks' });
  const pollMs = opts.pollMs ?? ctx.config.WEBHOOK_POLL_MS;
  const batchSize = opts.batchSize ?? 10;
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let prunedAt = 0;
  const PRUNE_EVERY_MS = 3_600_000;

  async function drainOnce(): Promise<AttemptResult[]> {
    const claimed = await claimDueDeliveries(ctx, batchSize);
    return Promise.all(
      claimed.map((d) =>
        attemptDelivery(ctx, d, { random: opts.random }).then((r) => {
          if (r.disabled) log.warn({ subscriptionId: d.subscriptionId }, 'webhook subscription switched off after sustained failure');
          if (r.status !== 'delivered')
            log.info(
              { deliveryId: d.id, attempt: d.attempts, status: r.status, error: r.error, next: r.nextAttemptAt },
              'webhook delivery failed',
            );
          return r;
        }),
      ),
    );
  }

  async function run() {
    while (running) {
      let claimed = 0;
      try {
        claimed = (await drainOnce()).length;
      } catch (err) {
        log.error({ err }, 'webhook drain failed');
      }
      if (performance.now() - prunedAt > PRUNE_EVERY_MS) {
        prunedAt = performance.now();
        await pruneDeliveries(ctx).catch((err: unknown) => log.warn({ err }, 'old webhook deliveries not pruned'));
      }
      if (running && claimed < batchSize) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      loop = null;
    },
    kick: () => wake?.(),
    drainOnce,
  };
}
