/**
 * Automation rules (issue 18). Part 1: what 50 enabled event rules listening to every customer message add to
 * ingest at 100 msg/s offered (ingest latency p50/p95 with no rules vs with 50 rules while an outbox worker evaluates
 * them alongside), and what one evaluation job costs. Part 2: a time-rule sweep over N open tickets (default
 * 100,000): the first sweep (some tickets due, fired) and a steady-state sweep (nothing new due).
 * Run: npx tsx bench/automation.ts   (PGlite; TEST_DB_ENGINE=postgres TEST_DATABASE_URL=postgres://... for PostgreSQL)
 * Results: bench/RESULTS.md, "Automation rules".
 */
import { eq, sql } from 'drizzle-orm';
import { automationRules, ticketEvents } from '../server/db/schema/index.ts';
import { createAutomationRule } from '../server/services/automation/create-rule.ts';
import { evaluateEventRules } from '../server/services/automation/evaluate-event.ts';
import { sweepTimeRules } from '../server/services/automation/sweep-time-rules.ts';
import { createCalendar } from '../server/services/sla/create-calendar.ts';
import { ingest } from '../server/services/tickets/ingest.ts';
import { createOutboxWorker } from '../server/workers/outbox-worker.ts';
import { outboxHandlers } from '../server/workers/outbox-handlers.ts';
import { createTestContext } from '../test/support/context.ts';
import { buildActor, buildInbound, buildTeam } from '../test/support/factories.ts';

const N = Number(process.env.N ?? 100_000);
const MESSAGES = Number(process.env.MESSAGES ?? 1000);
const RATE = 100;
const t = await createTestContext();
const db = t.ctx.db;
const admin = await buildActor(t.ctx, ['admin']);
const team = await buildTeam(t.ctx);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(2)} ms, p95 ${pct(xs, 95).toFixed(2)} ms`;

/** MESSAGES customer messages offered at RATE/s (each a new ticket's first message or a follow-up). */
async function offer(label: string): Promise<number[]> {
  const latencies: number[] = [];
  const threads = Array.from({ length: 50 }, (_, i) => `bench-${label}-${i}`);
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < MESSAGES; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const msg = buildInbound({
      threadKey: threads[i % threads.length]!,
      text: `Order ${i} has not arrived, please help`,
      sender: { externalId: `c${i % 50}@shop.example.com` },
    });
    pending.push(
      (async () => {
        const at = performance.now();
        await ingest(t.ctx, msg);
        latencies.push(performance.now() - at);
      })(),
    );
  }
  await Promise.all(pending);
  return latencies;
}

const PART = process.env.PART ?? 'all';
const { enqueueRuleEvaluation } = await import('../server/services/automation/enqueue-rule-evaluation.ts');
const probe = await ingest(t.ctx, buildInbound({ sender: { externalId: 'probe@shop.example.com' } }));
let fakeId = 50_000_000;
/** The ingest-path cost alone: the statement each history row runs inside its transaction, vs a bare transaction. */
async function enqueueCost(): Promise<{ bare: number[]; enq: number[] }> {
  const bare: number[] = [];
  const enq: number[] = [];
  for (let i = 0; i < 2100; i++) {
    let at = performance.now();
    await db.transaction((tx) => tx.execute(sql`select 1`));
    if (i >= 100) bare.push(performance.now() - at);
    at = performance.now();
    await db.transaction((tx) =>
      enqueueRuleEvaluation(
        tx,
        {
          id: fakeId++,
          ticketId: probe.ticketId,
          kind: 'message_received',
          data: { messageId: probe.messageId },
          actorType: 'customer',
          actorId: null,
          at: new Date(),
        },
        ['message.customer'],
      ),
    );
    if (i >= 100) enq.push(performance.now() - at);
  }
  return { bare, enq };
}
const report0 = (label: string, r: { bare: number[]; enq: number[] }) =>
  console.log(
    `${t.ctx.driver} | in-transaction rule check per history row, ${label} | ${fmt(r.enq)} | bare transaction ${fmt(r.bare)} | added p95 ${(pct(r.enq, 95) - pct(r.bare, 95)).toFixed(3)} ms`,
  );
report0('no rules', await enqueueCost());

const without = PART === 'enqueue' ? [] : await offer('none');
if (PART !== 'enqueue') console.log(`${t.ctx.driver} | ${MESSAGES} msgs at ${RATE}/s, no rules | ingest ${fmt(without)}`);

for (let i = 0; i < 50; i++) {
  const kinds = [
    { field: 'sender.domain', op: 'in', value: [`vip${i}.example.com`] },
    { field: 'message.text', op: 'contains', value: `refund-${i}` },
    { field: 'tags', op: 'has_any', value: [`tag-${i}`] },
    { field: 'priority', op: 'in', value: ['urgent'] },
    { field: 'message.text', op: 'matches', value: `invoice\\s+#${i}\\d+` },
  ];
  await createAutomationRule(t.ctx, admin, {
    name: `Rule ${i}`,
    kind: 'event',
    events: ['message.customer', 'ticket.created'],
    conditions: { match: 'all', conditions: [kinds[i % kinds.length]!, { field: 'channel', op: 'in', value: ['api', 'email'] }] },
    actions: [{ type: 'add_tags', tags: [`r${i}`] }],
  });
}
// Two of the 50 match every message (tagging, once per ticket it changes anything).
await createAutomationRule(t.ctx, admin, {
  name: 'all shop mail',
  kind: 'event',
  events: ['message.customer'],
  conditions: { match: 'all', conditions: [{ field: 'sender.domain', op: 'in', value: ['shop.example.com'] }] },
  actions: [{ type: 'add_tags', tags: ['shop'] }],
});
await db.update(automationRules).set({ enabled: false }).where(eq(automationRules.name, 'Rule 0'));

report0('50 enabled rules listening (job written)', await enqueueCost());
if (PART === 'enqueue') {
  await t.close();
  process.exit(0);
}

const worker = createOutboxWorker(t.ctx, {
  handlers: outboxHandlers(t.ctx, { channels: { email: null, widget: null, telegram: null, api: null } }),
  batchSize: 20,
  topics: ['automation.evaluate'],
});
let draining = true;
const drainer = (async () => {
  while (draining) if ((await worker.drainOnce()).claimed === 0) await new Promise((r) => setTimeout(r, 20));
})();
const withRules = await offer('rules');
draining = false;
await drainer;
while ((await worker.drainOnce()).claimed > 0);
console.log(`${t.ctx.driver} | ${MESSAGES} msgs at ${RATE}/s, 50 enabled rules, evaluations drained alongside | ingest ${fmt(withRules)}`);
console.log(
  `${t.ctx.driver} | added by 50 rules | p50 ${(pct(withRules, 50) - pct(without, 50)).toFixed(2)} ms, p95 ${(pct(withRules, 95) - pct(without, 95)).toFixed(2)} ms`,
);

const recent = await db.select().from(ticketEvents).where(eq(ticketEvents.kind, 'message_received')).limit(300);
const evals: number[] = [];
for (const e of recent) {
  const at = performance.now();
  await evaluateEventRules(t.ctx, {
    ticketId: e.ticketId,
    eventId: e.id + 10_000_000,
    events: ['message.customer'],
    depth: 0,
    messageId: String(e.data.messageId),
  });
  evals.push(performance.now() - at);
}
console.log(`${t.ctx.driver} | one evaluation job (50 rules, in the outbox worker, off the ingest path) | ${fmt(evals)}`);

// Part 2: time rules over N open tickets.
await db.update(automationRules).set({ enabled: false });
const shift = [{ start: '09:00', end: '17:00' }];
const cal = await createCalendar(t.ctx, admin, {
  name: 'Office',
  timeZone: 'UTC',
  weeklyHours: { mon: shift, tue: shift, wed: shift, thu: shift, fri: shift },
  holidays: [],
});
await createAutomationRule(t.ctx, admin, {
  name: 'Remind pending',
  kind: 'time',
  conditions: {
    match: 'all',
    conditions: [
      { field: 'status', op: 'in', value: ['pending'] },
      { field: 'hours_since.status_changed', op: 'gte', value: 24, calendarId: cal.id },
    ],
  },
  actions: [{ type: 'add_note', text: 'Reminder sent' }],
});
await createAutomationRule(t.ctx, admin, {
  name: 'Stale open',
  kind: 'time',
  conditions: {
    match: 'all',
    conditions: [
      { field: 'status', op: 'in', value: ['open'] },
      { field: 'hours_since.customer_message', op: 'gte', value: 48 },
    ],
  },
  actions: [{ type: 'add_tags', tags: ['stale'] }],
});
const seeded = performance.now();
await db.execute(
  sql`insert into customers (name, created_at, updated_at) select 'C' || i, now(), now() from generate_series(1, ${N / 10}) i`,
);
// Every 500th ticket is 10 days old (due); the rest came in during the last two hours.
await db.execute(sql`
  with c as (select id, row_number() over (order by id) as n from customers)
  insert into tickets (subject, status, channel, thread_key, customer_id, team_id, last_message_at, last_customer_message_at, created_at, updated_at)
  select 'Q ' || i, (array['new','open','pending'])[1 + i % 3], 'api', 'sweep-' || i, c.id, ${team.id}::uuid, ts, ts, ts, ts
  from (select i, now() - case when i % 500 = 0 then interval '10 days' else (i % 7200) * interval '1 second' end as ts from generate_series(1, ${N}) i) s
  join c on c.n = 1 + i % ${N / 10}`);
await db.execute(sql`
  insert into ticket_events (ticket_id, actor_type, kind, to_value, data, created_at)
  select id, 'system', 'created', 'new', '{}'::jsonb, created_at from tickets where thread_key like 'sweep-%'`);
await db.execute(sql`
  insert into ticket_events (ticket_id, actor_type, kind, from_value, to_value, data, created_at)
  select id, 'system', 'status_changed', 'open', 'pending', '{}'::jsonb, created_at + interval '1 minute' from tickets where thread_key like 'sweep-%' and status = 'pending'`);
await db.execute(sql`analyze`);
console.log(`${t.ctx.driver} | seeded ${N} open tickets in ${Math.round(performance.now() - seeded)} ms`);
for (const label of ['first sweep (due tickets fired)', 'steady sweep (nothing new due)', 'steady sweep again']) {
  const at = performance.now();
  const r = await sweepTimeRules(t.ctx);
  console.log(
    `${t.ctx.driver} | ${label} over ${N} open tickets, 2 time rules | ${Math.round(performance.now() - at)} ms | ${JSON.stringify(r)}`,
  );
}
await t.close();
process.exit(0);
