import { and, asc, eq, inArray, lte, lt, or, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { outbox } from '../../db/schema/index.ts';

export type OutboxRow = typeof outbox.$inferSelect;

export interface ClaimOptions {
  limit: number;
  /** How long the claim holds; a worker that dies mid-job releases its rows when this runs out. */
  leaseMs: number;
  topics?: readonly string[];
}

/**
 * Claims due rows for this worker in one statement. SKIP LOCKED lets any number of workers (on any node)
 * claim at once without taking the same row; `attempts` goes up at claim time, so a job that crashes its
 * worker still uses up its tries, and it serves as the fencing token for settle.ts.
 */
export async function claimDue(ctx: ServiceContext, opts: ClaimOptions): Promise<OutboxRow[]> {
  const now = ctx.now();
  const due = ctx.db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        or(and(eq(outbox.status, 'pending'), lte(outbox.runAfter, now)), and(eq(outbox.status, 'processing'), lt(outbox.lockedUntil, now))),
        opts.topics?.length ? inArray(outbox.topic, [...opts.topics]) : undefined,
      ),
    )
    .orderBy(asc(outbox.runAfter), asc(outbox.id))
    .limit(opts.limit)
    .for('update', { skipLocked: true });
  const rows = await ctx.db
    .update(outbox)
    .set({
      status: 'processing',
      attempts: sql`${outbox.attempts} + 1`,
      lockedUntil: new Date(now.getTime() + opts.leaseMs),
      updatedAt: now,
    })
    .where(inArray(outbox.id, due))
    .returning();
  return rows.sort((a, b) => a.runAfter.getTime() - b.runAfter.getTime() || a.id - b.id);
}
