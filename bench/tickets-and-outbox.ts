/**
 * List latency at a few thousand tickets and outbox drain throughput with two workers, on PostgreSQL.
 * Run: TEST_DB_ENGINE=postgres TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/tickets-and-outbox.ts [tickets]
 *
 * Recorded 2026-11-23, PostgreSQL 15, 2 shared cores at load average ~15 (other test suites running), 3000 tickets:
 *   listTickets, 50 rows (first page includes the per-view counts): p50 35-49 ms, p95 67-200 ms
 *     (agent sort=waiting 46/80; admin sort=priority status=new 47/200; message-text ILIKE 49/169; customer name 35/67)
 *   paging all 3000 by cursor, 100 per page: 22 ms/page
 *   outbox: 500 api-channel replies, two workers: 18 s (28/s, split 260 + 240); ~10 round trips per delivery, one at a time
 */
import { createApiAdapter } from '../channels/api/adapter.ts';
import { listTickets } from '../server/services/tickets/list-tickets.ts';
import { reply } from '../server/services/tickets/reply.ts';
import { outboxHandlers } from '../server/workers/outbox-handlers.ts';
import { createOutboxWorker } from '../server/workers/outbox-worker.ts';
import { createTestContext } from '../test/support/context.ts';
import { buildActor, buildInbound } from '../test/support/factories.ts';
import { ingest } from '../server/services/tickets/ingest.ts';

const N = Number(process.argv[2] ?? 3000);
const REPLIES = 500;

async function timed<T>(runs: number, fn: () => Promise<T>) {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(runs / 2)]!.toFixed(1), p95: ms[Math.floor(runs * 0.95)]!.toFixed(1) };
}

const t = await createTestContext({ OUTBOX_POLL_MS: '50' });
try {
  const t0 = performance.now();
  for (let i = 0; i < N; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, N - i) }, (_, j) =>
        ingest(
          t.ctx,
          buildInbound({
            subject: `Order ${i + j} late`,
            text: `parcel ${i + j} stuck at depot`,
            sender: { externalId: `c${(i + j) % 700}@x.test`, displayName: `Customer ${(i + j) % 700}` },
          }),
        ),
      ),
    );
  }
  console.log(`ingested ${N} tickets in ${((performance.now() - t0) / 1000).toFixed(1)} s on ${t.ctx.driver}`);
  const agent = await buildActor(t.ctx, ['agent']);
  const admin = await buildActor(t.ctx, ['admin']);
  for (const [label, input] of [
    ['agent, sort=waiting, first page', { sort: 'waiting' }],
    ['admin, sort=priority, status=new', { sort: 'priority', status: ['new'] }],
    ['admin, q=message text (ILIKE)', { q: 'parcel 1234' }],
    ['admin, q=customer name', { q: 'Customer 69' }],
  ] as const) {
    const actor = label.startsWith('agent') ? agent : admin;
    console.log(label.padEnd(40), await timed(20, () => listTickets(t.ctx, actor, { ...input, limit: 50 } as never)));
  }
  let pages = 0;
  const p0 = performance.now();
  let cursor: string | undefined;
  do {
    const page = await listTickets(t.ctx, admin, { sort: 'updated', limit: 100, cursor });
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  console.log(`paged all ${N} tickets in ${pages} pages: ${((performance.now() - p0) / pages).toFixed(1)} ms/page`);

  const page = await listTickets(t.ctx, admin, { limit: 100 });
  for (let i = 0; i < REPLIES; i++) await reply(t.ctx, admin, page.tickets[i % 100]!.id, { text: `reply ${i}` });
  const channels = { api: createApiAdapter(), email: null, telegram: null, widget: null };
  const workers = [0, 1].map(() =>
    createOutboxWorker(t.ctx, { handlers: outboxHandlers(t.ctx, { channels }), topics: ['message.deliver'] }),
  );
  const d0 = performance.now();
  const drained = await Promise.all(
    workers.map(async (w) => {
      let n = 0,
        c;
      while ((c = (await w.drainOnce()).done) > 0) n += c;
      return n;
    }),
  );
  const s = (performance.now() - d0) / 1000;
  console.log(
    `delivered ${REPLIES} replies with 2 workers in ${s.toFixed(1)} s (${(REPLIES / s).toFixed(0)}/s; split ${drained.join(' + ')})`,
  );
} finally {
  await t.close();
}
