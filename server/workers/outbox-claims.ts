import type { ServiceContext } from '../context.ts';
import type { Logger } from '../logger.ts';
import type { OutboxRow } from '../services/outbox/claim.ts';
import { markStarted, releaseClaims, renewClaims } from '../services/outbox/lease.ts';

/** Longer than any handler may take (adapters time out well within it): a run still going then is left to lapse. */
const MAX_RUN_MS = 5 * 60_000;

/** A batch of claimed rows whose leases this worker keeps renewing until each is settled or handed back. */
export interface HeldClaims {
  /** Confirms the claim, renews its lease and marks the run started; false: the row is no longer ours, skip it. */
  start(row: OutboxRow): Promise<boolean>;
  /** About to settle the row: stop renewing it. */
  drop(row: OutboxRow): void;
  /** Hands back rows not started (a clean stop). */
  release(rows: readonly OutboxRow[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Renews every held row's lease every third of it, so a claim outlives any slow job but a dead worker's rows are
 * free again within one lease. A row is only started while its claim was confirmed recently enough that no other
 * worker can have taken it (the same margin as leased.ts); the start itself is a fenced write.
 */
export function holdClaims(ctx: ServiceContext, rows: readonly OutboxRow[], leaseMs: number, claimedAt: number, log: Logger): HeldClaims {
  const held = new Map(rows.map((r) => [r.id, r]));
  /** performance.now() at each started row's start. */
  const started = new Map<number, number>();
  const margin = Math.ceil(leaseMs * 0.3);
  let confirmedUntil = claimedAt + leaseMs - margin;
  let renewing: Promise<void> = Promise.resolve();

  async function renew() {
    if (!held.size) return;
    const sentAt = performance.now();
    for (const [id, at] of started) {
      if (sentAt - at < MAX_RUN_MS || !held.has(id)) continue;
      held.delete(id);
      log.error(
        { jobId: id, runningMs: Math.round(sentAt - at) },
        'outbox job hangs; its claim is left to lapse so another worker can run it',
      );
    }
    const batch = [...held.values()];
    try {
      const still = await renewClaims(ctx, batch, leaseMs);
      for (const r of batch) {
        if (still.has(r.id) || !held.has(r.id)) continue;
        held.delete(r.id);
        log.warn({ jobId: r.id, topic: r.topic }, 'outbox claim lost (its lease ran out and another worker took the job)');
      }
      confirmedUntil = sentAt + leaseMs - margin;
    } catch (err) {
      log.warn({ err }, 'outbox claims not renewed; they lapse unless a later renewal gets through');
    }
  }

  const timer = setInterval(() => (renewing = renewing.then(renew)), Math.max(50, Math.floor(leaseMs / 3)));
  timer.unref();

  return {
    async start(row) {
      if (!held.has(row.id) || performance.now() >= confirmedUntil) return false;
      started.set(row.id, performance.now());
      return markStarted(ctx, row, leaseMs);
    },
    drop(row) {
      held.delete(row.id);
      started.delete(row.id);
    },
    async release(rest) {
      for (const r of rest) held.delete(r.id);
      await releaseClaims(ctx, rest);
    },
    async close() {
      clearInterval(timer);
      held.clear();
      await renewing;
    },
  };
}
