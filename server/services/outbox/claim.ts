import { and, asc, eq, inArray, lte, lt, or, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { outbox } from '../../db/schema/index.ts';

export type OutboxRow = typeof outbox.$inferSelect;

export interface ClaimOptions {
  limit: number;
  /** How long the claim holds unless renewed (claims.ts); a worker that dies releases its rows when this runs out. */
  leaseMs: number;
  /** How long failures are retried, counted from a job's first claim (default OUTBOX_RETRY_HOURS). */
  retryMs?: number;
  /** Interrupted runs in a row that fail a job (default OUTBOX_MAX_ATTEMPTS), recorded on the row as its limit. */
  maxInterrupted?: number;
  topics?: readonly string[];
}

/**
 * Claims due rows for this worker in one statement. SKIP LOCKED lets any number of workers (on any node)
 * claim at once without taking the same row. `attempts` goes up at claim time and serves as the fencing token for
 * settle.ts; a row taken back from a lapsed claim that had started running counts one more interrupted run.
 */
export async function claimDue(ctx: ServiceContext, opts: ClaimOptions): Promise<OutboxRow[]> {
  const now = ctx.now();
  const retryMs = opts.retryMs ?? ctx.config.OUTBOX_RETRY_HOURS * 3_600_000;
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
      interrupted: sql`case when ${outbox.status} = 'processing' and ${outbox.startedAt} is not null then ${outbox.interrupted} + 1 else ${outbox.interrupted} end`,
      startedAt: null,
      maxAttempts: opts.maxInterrupted ?? ctx.config.OUTBOX_MAX_ATTEMPTS,
      retryUntil: sql`coalesce(${outbox.retryUntil}, ${new Date(now.getTime() + retryMs).toISOString()}::timestamptz)`,
      lockedUntil: new Date(now.getTime() + opts.leaseMs),
      updatedAt: now,
    })
    .where(inArray(outbox.id, due))
    .returning();
  return rows.sort((a, b) => a.runAfter.getTime() - b.runAfter.getTime() || a.id - b.id);
}
