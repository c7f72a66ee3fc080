import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ServiceContext } from '../context.ts';
import { claimLease, releaseLease, type Claim } from '../services/leases/claim-lease.ts';

export interface LeaseTiming {
  ttlMs: number;
  /** How often the holder renews and the others try to take over. */
  renewMs: number;
}

export const leaseTiming = (ctx: ServiceContext): LeaseTiming => {
  const ttlMs = Math.round(ctx.config.LEASE_TTL_SECONDS * 1000);
  return { ttlMs, renewMs: Math.max(100, Math.floor(ttlMs / 3)) };
};

/** The work a lease guards: started when the lease is won, stopped (finishing what is in hand) when it is lost. */
export interface LeasedTask {
  stop(): Promise<void>;
}

export interface LeasedRun {
  readonly holder: string;
  /** True while this holder may act: the work checks it between items (a message, an update). */
  held(): boolean;
  /** Stops the work and hands the lease back so another node takes over at once. */
  stop(): Promise<void>;
}

/**
 * Runs `start()`'s work only while this process holds the lease `name`. A table row with an expiry rather than
 * an advisory lock: it works on PGlite and PostgreSQL alike, survives transaction-mode connection poolers, and a
 * dead node is noticed by time alone, with no connection to outlive.
 */
export function runLeased(
  ctx: ServiceContext,
  name: string,
  start: (held: () => boolean) => LeasedTask,
  timing = leaseTiming(ctx),
): LeasedRun {
  const log = ctx.log.child({ lease: name });
  const holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  // Give up this long before the database would let another node in, leaving the work time to finish its item.
  const allowance = Math.ceil(timing.ttlMs * 0.3);
  let task: LeasedTask | null = null;
  let stopping: Promise<void> = Promise.resolve();
  let validUntil = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;
  let loop: Promise<void> = Promise.resolve();

  const held = () => !stopped && performance.now() < validUntil;

  function drop(reason: string) {
    clearTimeout(deadline);
    validUntil = 0;
    const t = task;
    task = null;
    if (!t) return;
    log.warn({ reason }, 'lease no longer held; stopping its work');
    stopping = stopping.then(() => t.stop()).catch((err: unknown) => log.error({ err }, 'stopping leased work failed'));
  }

  async function attempt() {
    const sentAt = performance.now();
    let claim: Claim;
    try {
      claim = await claimLease(ctx.db, { name, holder, ttlMs: timing.ttlMs });
    } catch (err) {
      // The deadline timer stops the work if renewals keep failing until the lease could lapse.
      log.warn({ err }, 'lease renewal failed');
      return;
    }
    if (stopped) return;
    if (!claim.held) return drop('held by another node');
    // Measured from before the request: the database's expiry is at least this late.
    validUntil = sentAt + timing.ttlMs - allowance;
    clearTimeout(deadline);
    deadline = setTimeout(() => drop('renewal overdue'), Math.max(0, validUntil - performance.now()));
    deadline.unref();
    if (task) return;
    await stopping;
    if (!held()) return;
    log.info({ holder }, 'lease acquired; starting');
    try {
      task = start(held);
    } catch (err) {
      log.error({ err }, 'leased work failed to start');
    }
  }

  function next() {
    if (stopped) return;
    timer = setTimeout(() => {
      loop = attempt().finally(next);
    }, timing.renewMs);
    timer.unref();
  }
  loop = attempt().finally(next);

  return {
    holder,
    held,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      await loop;
      const hadIt = task !== null || validUntil > 0;
      drop('stopping');
      await stopping;
      if (hadIt)
        await releaseLease(ctx.db, name, holder).catch((err: unknown) => log.warn({ err }, 'lease not handed back; it expires on its own'));
    },
  };
}
