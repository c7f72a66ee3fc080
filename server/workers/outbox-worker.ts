import { randomBytes } from 'node:crypto';
import type { ServiceContext } from '../context.ts';
import { claimDue, type OutboxRow } from '../services/outbox/claim.ts';
import type { OutboxTopic } from '../services/outbox/enqueue.ts';
import { errorText, isPermanent, type OutboxHandler, type OutboxHandlers, type OutboxJob } from '../services/outbox/handlers.ts';
import { backoffMs, backoffOf, markDone, markFailed, markRetry, type BackoffOptions } from '../services/outbox/settle.ts';
import { holdClaims, type HeldClaims } from './outbox-claims.ts';

export interface OutboxWorkerOptions {
  handlers: OutboxHandlers;
  /** Only these topics (default: all). */
  topics?: readonly OutboxTopic[];
  pollMs?: number;
  batchSize?: number;
  /** A claim's lease, renewed every third of it while the batch is in hand (default OUTBOX_LEASE_SECONDS). */
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
  /** Finishes the job in hand, hands the rest of the batch back, then stops. */
  stop(): Promise<void>;
  /** Drain now instead of at the next poll (a reply was just queued). */
  kick(): void;
  /** Claims and runs one batch; tests call this instead of start(). */
  drainOnce(): Promise<DrainResult>;
}

/**
 * Drains the outbox: claim due rows, run each topic's handler, then done, retry with backoff, or failed. Failures
 * are retried until OUTBOX_RETRY_HOURS after the first try; only a permanent error fails a job sooner.
 */
export function createOutboxWorker(ctx: ServiceContext, opts: OutboxWorkerOptions): OutboxWorker {
  const id = `outbox-${randomBytes(3).toString('hex')}`;
  const log = ctx.log.child({ worker: id });
  const pollMs = opts.pollMs ?? ctx.config.OUTBOX_POLL_MS;
  const batchSize = opts.batchSize ?? 20;
  const leaseMs = opts.leaseMs ?? ctx.config.OUTBOX_LEASE_SECONDS * 1000;
  const backoff = opts.backoff ?? backoffOf(ctx.config);
  let running = false;
  let stopping = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  /** Set by a kick that came while a batch was running: drain again instead of sleeping through it. */
  let kicked = false;
  let unsubscribe: (() => void) | null = null;

  type Outcome = keyof Omit<DrainResult, 'claimed'> | null;

  async function giveUp(row: OutboxRow, handler: OutboxHandler<unknown> | undefined, payload: unknown, error: string, job: OutboxJob) {
    if (!(await markFailed(ctx, row, error))) return null;
    log.warn({ jobId: row.id, topic: row.topic, attempts: row.attempts, error }, 'outbox job failed for good');
    await handler?.onGiveUp?.(payload, error, job).catch((err) => log.error({ err, jobId: row.id }, 'onGiveUp failed'));
    return 'failed' as const;
  }

  async function retryLater(
    row: OutboxRow,
    handler: OutboxHandler<unknown>,
    payload: unknown,
    error: string,
    job: OutboxJob,
  ): Promise<Outcome> {
    const now = ctx.now().getTime();
    const until = row.retryUntil?.getTime() ?? now;
    if (now >= until) return giveUp(row, handler, payload, error, job);
    // The last try falls on the end of the span, so a job is never failed before the span is over.
    const runAfter = new Date(Math.min(until, now + backoffMs(row.attempts, backoff, opts.random)));
    if (!(await markRetry(ctx, row, error, runAfter))) return null;
    log.info({ jobId: row.id, topic: row.topic, attempt: row.attempts, error, runAfter }, 'outbox job will retry');
    await handler.onRetry?.(payload, error, job, runAfter).catch((err) => log.error({ err, jobId: row.id }, 'onRetry failed'));
    return 'retried';
  }

  async function runOne(row: OutboxRow, claims: HeldClaims): Promise<Outcome> {
    const handler = opts.handlers[row.topic as keyof OutboxHandlers] as OutboxHandler<unknown> | undefined;
    const job: OutboxJob = { id: row.id, topic: row.topic, attempt: row.attempts, maxAttempts: row.maxAttempts };
    if (!(await claims.start(row))) {
      log.warn({ jobId: row.id, topic: row.topic }, 'outbox claim no longer held; the job is left to the worker that holds it');
      return null;
    }
    // The lease is renewed until the row is about to be settled, whatever the outcome.
    const settle = (write: () => Promise<Outcome>) => {
      claims.drop(row);
      return write();
    };
    if (!handler) return settle(() => giveUp(row, undefined, row.payload, `no handler for topic ${row.topic}`, job));
    const parsed = handler.schema.safeParse(row.payload);
    if (!parsed.success) return settle(() => giveUp(row, undefined, row.payload, `bad payload: ${parsed.error.message}`, job));
    if (row.interrupted >= row.maxAttempts) {
      // Every recent run stopped its worker (a crash, a kill, a hang past the lease): it may be what kills them.
      const error = `stopped its worker ${row.interrupted} times in a row; last error: ${row.lastError ?? 'none'}`;
      return settle(() => giveUp(row, handler, parsed.data, error, job));
    }
    try {
      await handler.run(parsed.data, job);
      return settle(async () => ((await markDone(ctx, row)) ? 'done' : null));
    } catch (err) {
      const error = errorText(err);
      if (isPermanent(err)) return settle(() => giveUp(row, handler, parsed.data, error, job));
      return settle(() => retryLater(row, handler, parsed.data, error, job));
    }
  }

  async function drainOnce(): Promise<DrainResult> {
    const claimedAt = performance.now();
    const rows = await claimDue(ctx, { limit: batchSize, leaseMs, topics: opts.topics });
    const result: DrainResult = { claimed: rows.length, done: 0, retried: 0, failed: 0 };
    if (!rows.length) return result;
    const claims = holdClaims(ctx, rows, leaseMs, claimedAt, log);
    try {
      // One at a time: two replies on one ticket leave in the order they were written.
      for (const [i, row] of rows.entries()) {
        if (stopping) {
          await claims.release(rows.slice(i));
          break;
        }
        const outcome = await runOne(row, claims).catch((err: unknown) => {
          log.error({ err, jobId: row.id }, 'outbox job could not be settled; its lease will release it');
          return null;
        });
        if (outcome) result[outcome]++;
      }
    } finally {
      await claims.close();
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
      stopping = false;
      unsubscribe = ctx.events.on('message.created', (e) => {
        if (e.message.deliveryStatus === 'queued') kick();
      });
      loop = run();
      log.info({ pollMs, batchSize }, 'outbox worker started');
    },
    async stop() {
      running = false;
      stopping = true;
      unsubscribe?.();
      wake?.();
      await loop;
      loop = null;
    },
    kick,
    drainOnce,
  };
}
