import { inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rateLimits } from '../../../server/db/schema/index.ts';
import { hitRateLimits, pruneRateLimits } from '../../../server/services/auth/rate-limit.ts';
import { contextWorld } from '../../support/context-world.ts';

// A widget message counts against its rate-limit rows inside its ingest transaction. Pruning expired windows used
// to wait for such rows while that transaction waited for a row the pruning had already deleted: PostgreSQL
// killed one of them as a deadlock, and a customer's message was refused (seen in the two-node ingest benchmark).

const { t } = contextWorld();

const MINUTE = 60_000;

describe('rate-limit pruning beside transactions that hold rate-limit rows', () => {
  it('deletes the expired windows nobody holds, skips held ones without waiting, and the holder commits', async () => {
    const now = new Date();
    const past = new Date(now.getTime() - MINUTE);
    await t.ctx.db.insert(rateLimits).values([
      { key: 'held-1', count: 5, resetAt: past },
      { key: 'held-2', count: 5, resetAt: past },
      { key: 'expired', count: 5, resetAt: past },
      { key: 'current', count: 5, resetAt: new Date(now.getTime() + MINUTE) },
    ]);

    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let holding!: () => void;
    const held = new Promise<void>((r) => (holding = r));
    const holder = t.ctx.db.transaction(async (tx) => {
      const hits = await hitRateLimits(tx, ['held-2', 'held-1'], MINUTE, now);
      holding();
      await gate;
      return hits;
    });
    await held;

    const waited = new Promise<'waited'>((r) => setTimeout(() => r('waited'), 3_000));
    try {
      expect(await Promise.race([pruneRateLimits(t.ctx.db, now).then(() => 'done' as const), waited])).toBe('done');
    } finally {
      release();
    }
    // The expired windows were restarted by the holder: one attempt each in a fresh window, in the order asked.
    expect((await holder).map((h) => [h.key, h.count])).toEqual([
      ['held-2', 1],
      ['held-1', 1],
    ]);

    const left = await t.ctx.db.select({ key: rateLimits.key, count: rateLimits.count }).from(rateLimits).orderBy(rateLimits.key);
    expect(left).toEqual([
      { key: 'current', count: 5 },
      { key: 'held-1', count: 1 },
      { key: 'held-2', count: 1 },
    ]);
  });

  it('lets many transactions count against shared keys at once while pruning runs, without a deadlock', async () => {
    const now = new Date();
    const past = new Date(now.getTime() - MINUTE);
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
    await t.ctx.db.insert(rateLimits).values(keys.map((key) => ({ key, count: 1, resetAt: past })));
    // Every transaction takes two keys (like a visitor and their IP) in a different order, and lingers a moment.
    const work = Array.from({ length: 40 }, (_, i) =>
      t.ctx.db.transaction(async (tx) => {
        await hitRateLimits(
          tx,
          [keys[(i * 7) % 20]!, keys[(i * 3 + 1) % 20]!].filter((k, j, all) => all.indexOf(k) === j),
          MINUTE,
          now,
        );
        await tx.execute(sql`select pg_sleep(0.02)`);
      }),
    );
    const prunes = Array.from({ length: 5 }, () => pruneRateLimits(t.ctx.db, new Date(now.getTime() + 1)));
    const outcomes = await Promise.allSettled([...work, ...prunes]);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason))).toEqual([]);
    const counted = await t.ctx.db.select({ count: rateLimits.count }).from(rateLimits).where(inArray(rateLimits.key, keys));
    // Each of the 80 attempts is counted once, in rows that pruning did not take away (they were held or fresh).
    expect(counted.reduce((n, r) => n + r.count, 0)).toBeLessThanOrEqual(80);
  });
});
