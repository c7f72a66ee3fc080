import { describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../../../server/context.ts';
import { claimLease, leaseHolder, releaseLease } from '../../../../server/services/leases/claim-lease.ts';
import { runLeased, type LeasedRun } from '../../../../server/workers/leased.ts';
import { contextWorld } from '../../../support/context-world.ts';

const { t } = contextWorld();

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 5_000): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - start;
}

describe('claimLease', () => {
  it('gives a free lease to one holder, renews it for that holder only, and lets another in once it expires', async () => {
    const db = t.ctx.db;
    const first = await claimLease(db, { name: 'email:a', holder: 'node-a', ttlMs: 400 });
    expect(first.held).toBe(true);
    expect(await claimLease(db, { name: 'email:a', holder: 'node-b', ttlMs: 400 })).toEqual({ held: false, acquiredAt: null });
    const renewed = await claimLease(db, { name: 'email:a', holder: 'node-a', ttlMs: 400 });
    expect(renewed).toEqual({ held: true, acquiredAt: first.acquiredAt });
    expect(await leaseHolder(db, 'email:a')).toBe('node-a');
    // Another name is another lease.
    expect((await claimLease(db, { name: 'email:b', holder: 'node-b', ttlMs: 400 })).held).toBe(true);

    await until('the lease to expire', async () => (await leaseHolder(db, 'email:a')) === null);
    const takeover = await claimLease(db, { name: 'email:a', holder: 'node-b', ttlMs: 400 });
    expect(takeover.held).toBe(true);
    expect(takeover.acquiredAt!.getTime()).toBeGreaterThan(first.acquiredAt!.getTime());
    expect((await claimLease(db, { name: 'email:a', holder: 'node-a', ttlMs: 400 })).held).toBe(false);
  });

  it('is handed back only by its holder', async () => {
    const db = t.ctx.db;
    await claimLease(db, { name: 'telegram:x', holder: 'node-a', ttlMs: 60_000 });
    expect(await releaseLease(db, 'telegram:x', 'node-b')).toBe(false);
    expect(await leaseHolder(db, 'telegram:x')).toBe('node-a');
    expect(await releaseLease(db, 'telegram:x', 'node-a')).toBe(true);
    expect((await claimLease(db, { name: 'telegram:x', holder: 'node-b', ttlMs: 60_000 })).held).toBe(true);
  });

  it('names what is wrong with bad input', async () => {
    await expect(claimLease(t.ctx.db, { name: '', holder: 'n', ttlMs: 1000 })).rejects.toThrow(/name/);
    await expect(claimLease(t.ctx.db, { name: 'x', holder: 'n', ttlMs: 5 })).rejects.toThrow(/ttlMs/);
  });
});

/** A node's view of the database that can "lose its connection" (every query fails from then on). */
function severable(ctx: ServiceContext) {
  const state = { cut: false };
  const db = new Proxy(ctx.db, {
    get(target, prop, receiver) {
      if (state.cut) throw new Error('connection to the database lost');
      return Reflect.get(target, prop, receiver);
    },
  });
  return { ctx: { ...ctx, db } as ServiceContext, cut: () => (state.cut = true) };
}

describe('runLeased', () => {
  const timing = { ttlMs: 900, renewMs: 150 };

  function node(ctx: ServiceContext, log: string[], who: string): LeasedRun {
    return runLeased(
      ctx,
      'email:shared',
      () => {
        log.push(`${who} start`);
        return { stop: async () => void log.push(`${who} stop`) };
      },
      timing,
    );
  }

  it('runs the work on exactly one node, and on another right after a clean stop', async () => {
    const log: string[] = [];
    const a = node(t.ctx, log, 'a');
    await until('a to start', () => log.includes('a start'));
    const b = node(t.ctx, log, 'b');
    // b keeps trying for several renewal rounds and never starts while a holds the lease.
    await new Promise((r) => setTimeout(r, timing.ttlMs * 2));
    expect(log).toEqual(['a start']);
    expect(a.held()).toBe(true);
    expect(b.held()).toBe(false);

    await a.stop();
    const took = await until('b to take over', () => log.includes('b start'));
    expect(log).toEqual(['a start', 'a stop', 'b start']);
    expect(took).toBeLessThan(timing.renewMs * 3);
    await b.stop();
    expect(await leaseHolder(t.ctx.db, 'email:shared')).toBeNull();
  });

  it('stops the work on a node that can no longer renew before another node starts it', async () => {
    const log: string[] = [];
    const lost = severable(t.ctx);
    const a = node(lost.ctx, log, 'a');
    await until('a to start', () => log.includes('a start'));
    const b = node(t.ctx, log, 'b');
    lost.cut();
    await until('b to take over', () => log.includes('b start'), timing.ttlMs * 4);
    // a stopped on its own (renewal overdue) strictly before b was let in, and never resumed.
    expect(log).toEqual(['a start', 'a stop', 'b start']);
    expect(a.held()).toBe(false);
    expect(await leaseHolder(t.ctx.db, 'email:shared')).toBe(b.holder);
    await a.stop();
    await b.stop();
  });
});
