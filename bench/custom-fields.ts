/**
 * The inbox filtered by a custom field (GET /api/tickets?field=key:value, the listTickets verb) on N tickets
 * (default 100,000) with custom field values: a select "product" with 10 options (one ticket in 10 each) and a
 * rare "batch" value (one ticket in 1,000). Times the first page (25 rows, with the view counts the console asks
 * for) as a supervisor and as an agent, sorted by update time and by waiting time, alone and with a status filter.
 * Run: npx tsx bench/custom-fields.ts   (PGlite; TEST_DB_ENGINE=postgres TEST_DATABASE_URL=postgres://... for PostgreSQL; N=... to scale)
 * Results: bench/RESULTS.md, "Inbox filtered by a custom field".
 */
import { sql } from 'drizzle-orm';
import { createField } from '../server/services/custom-fields/create-field.ts';
import { countTicketViews } from '../server/services/tickets/count-ticket-views.ts';
import { listTickets, type ListTicketsInput } from '../server/services/tickets/list-tickets.ts';
import { createTestContext } from '../test/support/context.ts';
import { buildActor, buildTeam } from '../test/support/factories.ts';

const N = Number(process.env.N ?? 100_000);
const ROUNDS = Number(process.env.ROUNDS ?? 12);
const t = await createTestContext();
const db = t.ctx.db;
const admin = await buildActor(t.ctx, ['admin']);
const supervisor = await buildActor(t.ctx, ['supervisor']);
const agent = await buildActor(t.ctx, ['agent']);
const teams = [await buildTeam(t.ctx, { memberIds: [agent.id] }), await buildTeam(t.ctx), await buildTeam(t.ctx)];
const products = Array.from({ length: 10 }, (_, i) => `p${i}`);
await createField(t.ctx, admin, {
  entity: 'ticket',
  key: 'product',
  type: 'select',
  labels: { en: 'Product' },
  options: products.map((value) => ({ value, labels: { en: value } })),
});
await createField(t.ctx, admin, { entity: 'ticket', key: 'batch', type: 'text', labels: { en: 'Batch' } });
await createField(t.ctx, admin, { entity: 'ticket', key: 'seats', type: 'number', labels: { en: 'Seats' } });

const seeded = performance.now();
await db.execute(sql`
  insert into customers (name, email, created_at, updated_at)
  select 'Customer ' || i, 'c' || i || '@example.com', now(), now() from generate_series(1, ${N / 4}) i`);
await db.execute(sql`
  with c as (select id, row_number() over (order by id) as n from customers)
  insert into tickets (subject, status, channel, thread_key, customer_id, team_id, custom_fields,
    last_message_at, last_customer_message_at, created_at, updated_at)
  select 'Question ' || i,
    (array['new','open','pending','resolved','closed'])[1 + i % 5],
    (array['email','widget','telegram','api'])[1 + i % 4],
    'bench-' || i,
    c.id,
    (array[${teams[0]!.id}::uuid, ${teams[1]!.id}::uuid, ${teams[2]!.id}::uuid, null])[1 + i % 4],
    jsonb_build_object('product', 'p' || ((i / 7) % 10), 'seats', (i / 3) % 50)
      || case when i % 1000 = 7 then jsonb_build_object('batch', 'B-2026-07') else '{}'::jsonb end,
    ts, ts, ts, ts
  from (select i, timestamptz '2026-01-01 00:00Z' + (i * interval '5 minutes') as ts from generate_series(1, ${N}) i) s
  join c on c.n = 1 + i % ${N / 4}`);
await db.execute(sql`analyze`);
const rows = async <T>(q: ReturnType<typeof sql>) => ((await db.execute(q)) as unknown as { rows: T[] }).rows;
const [count] = await rows<{ n: string }>(sql`select count(*) as n from tickets`);
console.log(`${t.ctx.driver}: seeded ${count!.n} tickets in ${Math.round(performance.now() - seeded)} ms`);
for (const q of [
  sql`explain select id from tickets where custom_fields @> '{"batch":"B-2026-07"}'::jsonb`,
  sql`explain select id from tickets where custom_fields @> '{"batch":"B-2026-07"}'::jsonb or custom_fields @> '{"batch":["B-2026-07"]}'::jsonb`,
]) {
  const plan = await rows<Record<string, string>>(q);
  console.log(`${t.ctx.driver} plan: ${plan.map((r) => Object.values(r)[0]).join(' | ')}`);
}

const cases: [string, ListTicketsInput][] = [
  ['product (1 in 10), updated', { field: ['product:p3'] }],
  ['product (1 in 10), waiting, active', { field: ['product:p3'], status: ['new', 'open', 'pending'], sort: 'waiting' }],
  ['seats number (1 in 50), priority', { field: ['seats:17'], sort: 'priority' }],
  ['rare batch (1 in 1,000), updated', { field: ['batch:B-2026-07'] }],
  ['rare batch + product, waiting', { field: ['batch:B-2026-07', 'product:p7'], sort: 'waiting' }],
  ['absent value', { field: ['product:p99'] }],
];

const pct = (xs: number[], p: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const all: number[] = [];
const pages: number[] = [];
for (const [who, actor] of [
  ['supervisor', supervisor],
  ['agent', agent],
] as const) {
  for (const [name, input] of cases) {
    const times: number[] = [];
    const next: number[] = [];
    let found = 0;
    for (let r = 0; r < ROUNDS; r++) {
      let s = performance.now();
      const first = await listTickets(t.ctx, actor, { view: 'all', limit: 25, ...input });
      times.push(performance.now() - s);
      found = first.tickets.length;
      // The next page is the same filtered query without the view counts: the filter's own cost.
      if (!first.nextCursor) continue;
      s = performance.now();
      await listTickets(t.ctx, actor, { view: 'all', limit: 25, ...input, cursor: first.nextCursor });
      next.push(performance.now() - s);
    }
    const kept = times.slice(1);
    all.push(...kept);
    pages.push(...next.slice(1));
    const nextText = next.length > 1 ? `  next page p50 ${pct(next.slice(1), 50).toFixed(1)} ms` : '';
    console.log(
      `${t.ctx.driver} ${who.padEnd(10)} ${name.padEnd(38)} rows ${String(found).padStart(2)}  p50 ${pct(kept, 50).toFixed(1)} ms  p95 ${pct(kept, 95).toFixed(1)} ms${nextText}`,
    );
  }
}
// The first page also carries the view counts (mine, unassigned, all, teams, spam), which no filter changes.
for (const [who, actor] of [
  ['supervisor', supervisor],
  ['agent', agent],
] as const) {
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const s = performance.now();
    await countTicketViews(t.ctx, actor);
    times.push(performance.now() - s);
  }
  console.log(
    `${t.ctx.driver} ${who.padEnd(10)} view counts alone${' '.repeat(29)}p50 ${pct(times.slice(1), 50).toFixed(1)} ms  p95 ${pct(times.slice(1), 95).toFixed(1)} ms`,
  );
}
console.log(
  `${t.ctx.driver} N=${N}: first page of the filtered inbox (first round dropped) p50 ${pct(all, 50).toFixed(1)} ms, p95 ${pct(all, 95).toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms`,
);
console.log(
  `${t.ctx.driver} N=${N}: the same query without view counts (next pages) p50 ${pct(pages, 50).toFixed(1)} ms, p95 ${pct(pages, 95).toFixed(1)} ms`,
);
await t.close();
