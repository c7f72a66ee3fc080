/**
 * What webhooks add to every ticket event (ingest runs enqueueWebhookDeliveries for each message): the INSERT … SELECT
 * in the event's transaction, timed inside a transaction against the same transaction doing `select 1`, with no
 * subscriptions, with 20 subscriptions to other events, and with 5 subscriptions listening (5 payloads built and written).
 * Run: npx tsx bench/webhook-enqueue.ts   (PGlite; TEST_DB_ENGINE=postgres TEST_DATABASE_URL=postgres://... for PostgreSQL)
 * Results: bench/RESULTS.md, "Webhook deliveries written per event".
 */
import { sql } from 'drizzle-orm';
import { webhookSubscriptions } from '../server/db/schema/index.ts';
import type { TicketEventRow } from '../server/services/process-events/event-names.ts';
import { enqueueWebhookDeliveries } from '../server/services/webhooks/enqueue-deliveries.ts';
import { createTestContext } from '../test/support/context.ts';
import { buildTicket } from '../test/support/factories.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 2000);
const t = await createTestContext();
const db = t.ctx.db;
const { ticketId, messageId } = await buildTicket(t.ctx, { text: 'Where is my parcel? '.repeat(20) });
let nextId = 1_000_000;
const row = (): TicketEventRow => ({
  id: nextId++,
  ticketId,
  kind: 'message_received',
  data: { messageId, channel: 'api' },
  actorType: 'system',
  actorId: null,
  at: new Date(),
});

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 100; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const at = performance.now();
    await fn();
    out.push(performance.now() - at);
  }
  return out.sort((a, b) => a - b);
}
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const subscribe = (n: number, events: string[]) =>
  db
    .insert(webhookSubscriptions)
    .values(
      Array.from({ length: n }, (_, i) => ({ name: `S${i}`, url: 'https://hooks.example.com/x', events, secret: t.ctx.secrets.seal('s') })),
    );

const baseline = await time(() => db.transaction((tx) => tx.execute(sql`select 1`)));
const report = async (label: string) => {
  const xs = await time(() => db.transaction((tx) => enqueueWebhookDeliveries(tx, row(), ['message.customer'])));
  console.log(
    `${t.ctx.driver} | ${label} | p50 ${pct(xs, 50).toFixed(3)} ms | p95 ${pct(xs, 95).toFixed(3)} ms | added over a bare transaction: p50 ${(pct(xs, 50) - pct(baseline, 50)).toFixed(3)} ms, p95 ${(pct(xs, 95) - pct(baseline, 95)).toFixed(3)} ms`,
  );
};
console.log(
  `${t.ctx.driver} | bare transaction (select 1) | p50 ${pct(baseline, 50).toFixed(3)} ms | p95 ${pct(baseline, 95).toFixed(3)} ms`,
);
await report('no subscriptions');
await subscribe(20, ['sla.breached']);
await report('20 subscriptions to other events');
await subscribe(5, ['message.customer']);
await report('5 subscriptions listening (5 deliveries written)');
await t.close();
