import { or } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { outbox } from '../../db/schema/index.ts';
import type { OutboxRow } from './claim.ts';
import { fence } from './settle.ts';

const leaseEnd = (ctx: ServiceContext, leaseMs: number) => new Date(ctx.now().getTime() + leaseMs);

/**
 * Right before a job runs: confirms this worker still holds the row, gives it a whole fresh lease and marks the run
 * started (so a crash from here on counts as an interrupted run). False: the claim is gone; do not run the job.
 */
export async function markStarted(ctx: ServiceContext, row: OutboxRow, leaseMs: number): Promise<boolean> {
  const now = ctx.now();
  const rows = await ctx.db
    .update(outbox)
    .set({ startedAt: now, lockedUntil: leaseEnd(ctx, leaseMs) })
    .where(fence(row))
    .returning({ id: outbox.id });
  return rows.length === 1;
}

/** Extends this worker's claims on the rows it still holds; returns their ids (a row missing was settled or taken). */
export async function renewClaims(ctx: ServiceContext, rows: readonly OutboxRow[], leaseMs: number): Promise<Set<number>> {
  if (!rows.length) return new Set();
  const renewed = await ctx.db
    .update(outbox)
    .set({ lockedUntil: leaseEnd(ctx, leaseMs) })
    .where(or(...rows.map(fence)))
    .returning({ id: outbox.id });
  return new Set(renewed.map((r) => r.id));
}

/** Hands back claimed rows this worker will not run (a clean stop), so another worker takes them at once. */
export async function releaseClaims(ctx: ServiceContext, rows: readonly OutboxRow[]): Promise<void> {
  if (!rows.length) return;
  await ctx.db
    .update(outbox)
    .set({ status: 'pending', lockedUntil: null, startedAt: null })
    .where(or(...rows.map(fence)));
}
