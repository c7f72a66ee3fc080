import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages, outbox, tickets } from '../../../server/db/schema/index.ts';
import type { OutboxStatus } from '../../../server/db/schema/outbox.ts';
import { rows } from '../../../server/services/reports/rows.ts';
import { startAppNode, type AppNode } from '../../support/app-node.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { ingestOverHttp } from '../../support/console.ts';
import { buildInbound } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { until } from '../../support/sockets.ts';
import { buildRule, firingsOf, historyKinds } from '../services/automation/harness.ts';

const BURST = 12;
const OUTBOX_LEASE_SECONDS = 3;
const NOTE = 'Refund asked: check the order before answering.';

// The burst's evaluation jobs are caught mid-flight for real: the test holds a SHARE lock on automation_firings, so
// the node's first matching job blocks inside its transaction (ticket row locked, actions half done) while the rest
// of its batch sits claimed and later jobs pending. Then the node is killed.

describe('kill -9 of a node with automation rule evaluations pending and in flight', () => {
  let t: TestContext;
  let env: Record<string, string>;
  let token: string;
  let a: AppNode | undefined;
  let b: AppNode | undefined;
  let releaseLock: (() => void) | undefined;

  const blockedOnFirings = async () =>
    rows<{ n: number }>(
      await t.ctx.db.execute(sql`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock' and query ilike '%automation_firings%'`),
    )[0]!.n;
  const jobsBy = async (status: OutboxStatus) =>
    t.ctx.db.$count(outbox, and(eq(outbox.topic, 'automation.evaluate'), eq(outbox.status, status)));

  beforeAll(async () => {
    t = await createTestContext();
    token = (await buildTokenUser(t.ctx, ['agent'])).token;
    env = {
      DATABASE_URL: t.database.url!,
      DATABASE_POOL_SIZE: '5',
      SECRET_KEY: 'test-secret-key-test-secret-key-0123',
      LEASE_TTL_SECONDS: '2',
      OUTBOX_LEASE_SECONDS: String(OUTBOX_LEASE_SECONDS),
      OUTBOX_POLL_MS: '100',
    };
  }, 120_000);

  afterAll(async () => {
    releaseLock?.();
    await Promise.all([a?.kill(), b?.stop()]);
    await t?.close();
  });

  it('every ticket asking for a refund gets the tag, one note and one "by rule" line after another node takes over', async () => {
    await buildRule(t.ctx, {
      name: 'Refund requests',
      events: ['message.customer'],
      conditions: { match: 'all', conditions: [{ field: 'message.text', op: 'contains', value: 'refund' }] },
      actions: [
        { type: 'add_tags', tags: ['refund'] },
        { type: 'add_note', text: NOTE },
      ],
    });
    a = await startAppNode('rules-a', env);

    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    const held = t.ctx.db.transaction(async (tx) => {
      await tx.execute(sql`lock table automation_firings in share mode`);
      locked();
      await new Promise<void>((resolve) => (releaseLock = resolve));
    });
    await holding;

    const sent = await Promise.all(
      Array.from({ length: BURST }, (_, i) => {
        const refund = i % 2 === 0;
        const text = refund ? `Order ${i} came broken, I want a REFUND please` : `Order ${i}: where is my parcel?`;
        return ingestOverHttp(a!.url, token, buildInbound({ subject: `Order ${i}`, text })).then((r) => ({ ...r, refund }));
      }),
    );
    await until(async () => (await blockedOnFirings()) >= 1, 'a rule evaluation on node A blocked inside its transaction', 20_000);
    const atKill = { processing: await jobsBy('processing'), pending: await jobsBy('pending'), done: await jobsBy('done') };
    expect(atKill.processing).toBeGreaterThanOrEqual(1);
    // Nothing asking for a refund can be done yet: at most the other half of the burst is.
    expect(atKill.processing + atKill.pending).toBeGreaterThanOrEqual(BURST / 2);

    await a.kill();
    releaseLock!();
    await held;
    const killedAt = Date.now();
    b = await startAppNode('rules-b', env);
    await until(async () => (await jobsBy('done')) === BURST, 'every evaluation job done', 30_000);
    console.info(
      `[faults] automation kill -9: ${atKill.processing} evaluation jobs claimed and ${atKill.pending} pending at the kill ` +
        `(${atKill.done} done); all ${BURST} done ${Date.now() - killedAt} ms after it`,
    );

    for (const s of sent) {
      const [row] = await t.ctx.db.select().from(tickets).where(eq(tickets.id, s.ticketId));
      const notes = await t.ctx.db
        .select({ text: messages.text })
        .from(messages)
        .where(and(eq(messages.ticketId, s.ticketId), eq(messages.direction, 'note')));
      const byRule = await historyKinds(t.ctx, s.ticketId, 'rule_fired');
      if (s.refund) {
        expect(row!.tags).toEqual(['refund']);
        expect(notes.map((n) => n.text)).toEqual([NOTE]);
        expect(byRule.map((e) => e.toValue)).toEqual(['Refund requests']);
        expect((await firingsOf(t.ctx, s.ticketId)).map((f) => f.outcome)).toEqual(['done']);
      } else {
        expect([row!.tags, notes, byRule]).toEqual([[], [], []]);
      }
    }
    expect(await jobsBy('failed')).toBe(0);
  });
});
