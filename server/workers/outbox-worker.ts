import { randomBytes } from 'node:crypto';
import type { ServiceContext } from '../context.ts';
import { claimDue, type OutboxRow } from '../services/outbox/claim.ts';
import type { OutboxTopic } from '../services/outbox/enqueue.ts';
import { errorText, isPermanent, type OutboxHandler, type OutboxHandlers, type OutboxJob } from '../services/outbox/handlers.ts';
import { backoffMs, defaultBackoff, markDone, markFailed, markRetry, type BackoffOptions } from '../services/outbox/settle.ts';

export interface OutboxWorkerOptions {
  handlers: OutboxHandlers;
  /** Only these topics (default: all). */
  topics?: readonly OutboxTopic[];
  pollMs?: number;
  batchSize?: number;
  /** Longer than any handler may take (adapters time out well within it). */
  leaseMs?: number;
  backoff?: BackoffOptions;
  random?: () => number;
}

export interface DrainResult {
  claimed: number;
  done: number;
  retried: number;
  failed: number;
}

export interface OutboxWorker {
  start(): void;
  /** Finishes the batch in hand, then stops. */
  stop(): Promise<void>;
  /** Drain now instead of at the next poll (a reply was just queued). */
  kick(): void;
  /** Claims and runs one batch; tests call this instead of start(). */
  drainOnce(): Promise<DrainResult>;
}

/** Drains the outbox: claim due rows, run each topic's handler, then done, retry with backoff, or failed. */
export function createOutboxWorker(ctx: ServiceContext, opts: OutboxWorkerOptions): OutboxWorker {
  const id = `outbox-${randomBytes(3).toString('hex')}`;
  const log = ctx.log.child({ worker: id });
  const pollMs = opts.pollMs ?? ctx.config.OUTBOX_POLL_MS;
  const batchSize = opts.batchSize ?? 20;
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const backoff = opts.backoff ?? defaultBackoff;
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  /** Set by a kick that came while a batch was running: drain again instead of sleeping through it. */
  let kicked = false;
  let unsubscribe: (() => void) | null = null;

  async function giveUp(row: OutboxRow, handler: OutboxHandler<unknown> | undefined, payload: unknown, error: string, job: OutboxJob) {
    if (!(await markFailed(ctx, row, error))) return false;
    log.warn({ jobId: row.id, topic: row.topic, attempts: row.attempts, error }, 'outbox job failed for good');
    await handler?.onGiveUp?.(payload, error, job).catch((err) => log.error({ err, jobId: row.id }, 'onGiveUp failed'));
    return true;
  }

  async function runOne(row: OutboxRow): Promise<keyof Omit<DrainResult, 'claimed'> | null> {
    const handler = opts.handlers[row.topic as keyof OutboxHandlers] as OutboxHandler<unknown> | undefined;
    const job: OutboxJob = { id: row.id, topic: row.topic, attempt: row.attempts, maxAttempts: row.maxAttempts };
    if (!handler) return (await giveUp(row, undefined, row.payload, `no handler for topic ${row.topic}`, job)) ? 'failed' : null;
    const parsed = handler.schema.safeParse(row.payload);
    if (!parsed.success) return (await giveUp(row, undefined, row.payload, `bad payload: ${parsed.error.message}`, job)) ? 'failed' : null;
    if (row.attempts > row.maxAttempts) {
      // Claimed again after its lease ran out on the last try: the worker died mid-job every time.
      const error = `gave up after ${row.maxAttempts} tries; last error: ${row.lastError ?? 'worker stopped mid-job'}`;
      return (await giveUp(row, handler, parsed.data, error, { ...job, attempt: row.maxAttempts })) ? 'failed' : null;
    }
    try {
      await handler.run(parsed.data, job);
      return (await markDone(ctx, row)) ? 'done' : null;
    } catch (err) {
      const error = errorText(err);
      if (isPermanent(err) || row.attempts >= row.maxAttempts) {
        return (await giveUp(row, handler, parsed.data, error, job)) ? 'failed' : null;
      }
      const runAfter = new Date(ctx.now().getTime() + backoffMs(row.attempts, backoff, opts.random));
      log.info({ jobId: row.id, topic: row.topic, attempt: row.attempts, error, runAfter }, 'outbox job will retry');
      return (await markRetry(ctx, row, error, runAfter)) ? 'retried' : null;
    }
  }

  async function drainOnce(): Promise<DrainResult> {
    const rows = await claimDue(ctx, { limit: batchSize, leaseMs, topics: opts.topics });
    const result: DrainResult = { claimed: rows.length, done: 0, retried: 0, failed: 0 };
    // One at a time: two replies on one ticket leave in the order they were written.
    for (const row of rows) {
      const outcome = await runOne(row).catch((err) => {
        log.error({ err, jobId: row.id }, 'outbox job could not be settled; its lease will release it');
        return null;
      });
      if (outcome) result[outcome]++;
    }
    return result;
  }

  function kick() {
    kicked = true;
    wake?.();
  }

  async function run() {
    while (running) {
      let claimed = 0;
      try {
        claimed = (await drainOnce()).claimed;
      } catch (err) {
        log.error({ err }, 'outbox drain failed');
      }
      if (kicked) {
        kicked = false;
        continue;
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
      unsubscribe = ctx.events.on('message.created', (e) => {
        if (e.message.deliveryStatus === 'queued') kick();
      });
      loop = run();
      log.info({ pollMs, batchSize }, 'outbox worker started');
    },
    async stop() {
      running = false;
      unsubscribe?.();
      wake?.();
      await loop;
      loop = null;
    },
    kick,
    drainOnce,
  };
}
