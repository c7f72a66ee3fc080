/**
 * Global ticket search latency (GET /api/search/tickets's verb, searchTickets) on a busy help desk: N tickets
 * (default 20,000) with 5 messages each (100,000 messages), half Chinese and half English, all statuses, spread over
 * three teams. Times the first page (20 results) for English words, Chinese words (2 and 4 characters), rare and
 * common terms, a ticket number and a customer name; as a supervisor (every ticket) and as an agent (the inbox's
 * visibility rule), bare and with filters.
 * Run: npx tsx bench/search.ts   (PGlite; TEST_DB_ENGINE=postgres TEST_DATABASE_URL=postgres://... for PostgreSQL; N=... to scale)
 * Results: bench/RESULTS.md, "Global ticket search".
 */
import { sql } from 'drizzle-orm';
import { searchTickets, type SearchTicketsInput } from '../server/services/tickets/search-tickets.ts';
import { createTestContext } from '../test/support/context.ts';
import { buildActor, buildTeam } from '../test/support/factories.ts';

const N = Number(process.env.N ?? 20_000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const t = await createTestContext();
const db = t.ctx.db;
const supervisor = await buildActor(t.ctx, ['supervisor']);
const agent = await buildActor(t.ctx, ['agent']);
const teams = [await buildTeam(t.ctx, { memberIds: [agent.id] }), await buildTeam(t.ctx), await buildTeam(t.ctx)];

const english = [
  'order',
  'refund',
  'invoice',
  'delivery',
  'broken',
  'screen',
  'battery',
  'password',
  'account',
  'warranty',
  'printer',
  'toner',
  'shipping',
  'address',
  'payment',
  'coupon',
  'return',
  'exchange',
  'login',
  'update',
];
const chinese = [
  '订单',
  '退款',
  '发票',
  '快递',
  '屏幕',
  '电池',
  '密码',
  '账号',
  '保修',
  '打印机',
  '墨盒',
  '地址',
  '付款',
  '优惠券',
  '退货',
  '换货',
  '登录',
  '升级',
  '耳机',
  '充电器',
];
// Constants of this file only: written into the SQL as array literals.
const arr = (xs: string[]) => sql.raw(`array[${xs.map((x) => `'${x}'`).join(',')}]::text[]`);
const seeded = performance.now();
await db.execute(sql`
  insert into customers (name, email, created_at, updated_at)
  select case when i % 2 = 0 then '客户' || i else 'Customer ' || i end, 'c' || i || '@example.com', now(), now()
  from generate_series(1, ${N / 4}) i`);
await db.execute(sql`
  with c as (select id, row_number() over (order by id) as n from customers)
  insert into tickets (subject, status, channel, thread_key, customer_id, team_id, tags, last_message_at, created_at, updated_at)
  select case when i % 2 = 0
      then (${arr(chinese)})[1 + i % 20] || '问题 ' || i
      else 'Question about my ' || (${arr(english)})[1 + i % 20] || ' ' || i end,
    (array['new','open','pending','resolved','closed'])[1 + i % 5],
    (array['email','widget','telegram','api'])[1 + i % 4],
    'bench-' || i,
    (select id from c where n = 1 + i % ${N / 4}),
    (array[${teams[0]!.id}::uuid, ${teams[1]!.id}::uuid, ${teams[2]!.id}::uuid, null])[1 + i % 4],
    case when i % 10 = 0 then array['vip'] else array[]::text[] end,
    ts, ts, ts
  from (select i, timestamptz '2026-01-01 00:00Z' + (i * interval '20 minutes') as ts from generate_series(1, ${N}) i) s`);
// Five messages per ticket: sentences built from the vocabulary, a rare word in one message in 500.
await db.execute(sql`
  insert into messages (ticket_id, direction, channel, text, delivery_status, created_at)
  select t.id, case when m % 2 = 1 then 'in' else 'out' end, t.channel,
    case when t.subject not like 'Question%'
      then '你好，我的' || (${arr(chinese)})[1 + (t.number + m) % 20] || '有问题，' || (${arr(chinese)})[1 + (t.number * m) % 20]
        || '也不行，请尽快处理。第' || m || '条消息。' || case when (t.number + m) % 500 = 0 then '蓝牙耳机左边没有声音' else '' end
      else 'Hello, my ' || (${arr(english)})[1 + (t.number + m) % 20] || ' does not work and the '
        || (${arr(english)})[1 + (t.number * m) % 20] || ' is wrong too. Message ' || m || '.'
        || case when (t.number + m) % 500 = 0 then ' The zebra-striped parcel never arrived.' else '' end end,
    case when m % 2 = 1 then 'received' else 'sent' end,
    t.created_at + m * interval '1 minute'
  from tickets t, generate_series(1, 5) m
  where t.thread_key like 'bench-%'`);
await db.execute(sql`analyze`);
const rows = async <T>(q: ReturnType<typeof sql>) => ((await db.execute(q)) as unknown as { rows: T[] }).rows;
const [counts] = await rows<{ t: string; m: string; n: string }>(
  sql`select (select count(*) from tickets) as t, (select count(*) from messages) as m, (select max(number) - 100 from tickets) as n`,
);
console.log(`${t.ctx.driver}: seeded ${counts!.t} tickets, ${counts!.m} messages in ${Math.round(performance.now() - seeded)} ms`);
const number = counts!.n;

const queries: [string, SearchTicketsInput][] = [
  ['common English word', { q: 'battery' }],
  ['English phrase', { q: 'does not work' }],
  ['rare English word', { q: 'zebra-striped' }],
  ['absent English word', { q: 'xylophone' }],
  ['common Chinese 2-char', { q: '电池' }],
  ['Chinese 3-char', { q: '打印机' }],
  ['rare Chinese phrase', { q: '左边没有声音' }],
  ['absent Chinese word', { q: '冰箱' }],
  ['ticket number', { q: `#${number}` }],
  ['customer name', { q: 'Customer 1235' }],
  ['common + status resolved', { q: 'battery', status: ['resolved'] }],
  ['Chinese + channel + date range', { q: '电池', channel: ['email'], from: '2026-03-01', to: '2026-04-30' }],
  ['rare + tag vip', { q: 'zebra-striped', tags: ['vip'] }],
];

const pct = (xs: number[], p: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const all: number[] = [];
for (const [who, actor] of [
  ['supervisor', supervisor],
  ['agent', agent],
] as const) {
  for (const [name, input] of queries) {
    const times: number[] = [];
    let found = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const s = performance.now();
      found = (await searchTickets(t.ctx, actor, { ...input, limit: 20 })).results.length;
      times.push(performance.now() - s);
    }
    all.push(...times.slice(1));
    console.log(
      `${t.ctx.driver} ${who.padEnd(10)} ${name.padEnd(32)} results ${String(found).padStart(2)}  median ${pct(times.slice(1), 50).toFixed(1)} ms`,
    );
  }
}
console.log(
  `${t.ctx.driver} N=${N}: all queries (first round dropped) p50 ${pct(all, 50).toFixed(1)} ms, p95 ${pct(all, 95).toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms`,
);
await t.close();
