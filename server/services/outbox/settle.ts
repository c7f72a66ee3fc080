import { and, eq } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { ServiceContext } from '../../context.ts';
import { outbox } from '../../db/schema/index.ts';
import type { OutboxRow } from './claim.ts';

/**
 * Each write is fenced on (id, processing, attempts): if this worker's lease ran out and another worker
 * claimed the row again, the stale worker's result changes nothing. Returns whether the write landed.
 */
export const fence = (row: OutboxRow) => and(eq(outbox.id, row.id), eq(outbox.status, 'processing'), eq(outbox.attempts, row.attempts));

async function settle(ctx: ServiceContext, row: OutboxRow, set: Partial<typeof outbox.$inferInsert>): Promise<boolean> {
  const done = await ctx.db
    .update(outbox)
    .set({ lockedUntil: null, startedAt: null, interrupted: 0, updatedAt: ctx.now(), ...set })
    .where(fence(row))
    .returning({ id: outbox.id });
  return done.length === 1;
}

export const markDone = (ctx: ServiceContext, row: OutboxRow) => settle(ctx, row, { status: 'done', doneAt: ctx.now(), lastError: null });

export const markRetry = (ctx: ServiceContext, row: OutboxRow, error: string, runAfter: Date) =>
  settle(ctx, row, { status: 'pending', runAfter, lastError: error });

export const markFailed = (ctx: ServiceContext, row: OutboxRow, error: string) => settle(ctx, row, { status: 'failed', lastError: error });

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const backoffOf = (config: Config): BackoffOptions => ({
  baseMs: config.OUTBOX_RETRY_BASE_SECONDS * 1000,
  capMs: config.OUTBOX_RETRY_MAX_MINUTES * 60_000,
});

/** Exponential (base * 2^(attempt-1), capped) with jitter over its upper half, so failed rows do not retry in lockstep. */
export function backoffMs(attempt: number, opts: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(opts.capMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
