import { eq, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { rateLimits } from '../../db/schema/index.ts';
import { rateLimited } from '../../errors.ts';

export interface RateLimitHit {
  key: string;
  count: number;
  resetAt: Date;
}

/** Counts one attempt against `key` in a fixed window shared by every node; the row is created or restarted as needed. */
export async function hitRateLimit(db: DbOrTx, key: string, windowMs: number, now: Date): Promise<RateLimitHit> {
  return (await hitRateLimits(db, [key], windowMs, now))[0]!;
}

/**
 * One attempt against each key (distinct keys), in one statement; hits in the order of `keys`. Rows are locked in
 * key order, so two callers holding them in longer transactions never wait on each other in a circle.
 */
export async function hitRateLimits(db: DbOrTx, keys: string[], windowMs: number, now: Date): Promise<RateLimitHit[]> {
  const nowAt = sql`${now.toISOString()}::timestamptz`;
  const freshReset = new Date(now.getTime() + windowMs);
  const rows = await db
    .insert(rateLimits)
    .values([...keys].sort().map((key) => ({ key, count: 1, resetAt: freshReset })))
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.resetAt} <= ${nowAt} then 1 else ${rateLimits.count} + 1 end`,
        resetAt: sql`case when ${rateLimits.resetAt} <= ${nowAt} then ${freshReset.toISOString()}::timestamptz else ${rateLimits.resetAt} end`,
      },
    })
    .returning({ key: rateLimits.key, count: rateLimits.count, resetAt: rateLimits.resetAt });
  return keys.map((key) => rows.find((r) => r.key === key)!);
}

/** Throws RATE_LIMITED (429 with Retry-After; retryAfterMs in the body) when any hit is over `max`. */
export function enforceRateLimit(hits: RateLimitHit[], max: number, now: Date, what: string): void {
  const over = hits.filter((h) => h.count > max);
  if (!over.length) return;
  const retryAfterMs = Math.max(1, Math.max(...over.map((h) => h.resetAt.getTime())) - now.getTime());
  throw rateLimited(`Too many ${what}; try again in ${Math.ceil(retryAfterMs / 1000)} seconds`, retryAfterMs);
}

/** Gives an attempt back (a successful login must not use up a shared office IP's budget). */
export async function refundRateLimit(db: DbOrTx, key: string): Promise<void> {
  await db
    .update(rateLimits)
    .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
    .where(eq(rateLimits.key, key));
}

export async function clearRateLimit(db: DbOrTx, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}

/**
 * Windows that are over hold no information; callers prune now and then so the table stays small. Rows another
 * transaction holds (a message being taken in counts against them) are skipped, never waited for: waiting here
 * while that transaction waits for a row deleted here was a deadlock.
 */
export async function pruneRateLimits(db: DbOrTx, now: Date): Promise<void> {
  const expired = db
    .select({ key: rateLimits.key })
    .from(rateLimits)
    .where(lt(rateLimits.resetAt, now))
    .for('update', { skipLocked: true });
  await db.delete(rateLimits).where(inArray(rateLimits.key, expired));
}
