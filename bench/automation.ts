/**
 * Automation rules (issue 18). Part 1: what 50 enabled event rules listening to every customer message add to
 * ingest at 100 msg/s offered (ingest latency p50/p95 with no rules vs with 50 rules while an outbox worker evaluates
 * them alongside), and what one evaluation job costs. Part 2: a time-rule sweep over N open tickets (default
 * 100,000): the first sweep (some tickets due, fired) and a steady-state sweep (nothing new due).
 * Run: npx tsx bench/automation.ts   (PGlite; TEST_DB_ENGINE=postgres TEST_DATABASE_URL=postgres://... for PostgreSQL)
 * Results: bench/RESULTS.md, "Automation rules".
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { automationRules, outbox, ticketEvents } from '../server/db/schema/index.ts';
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
/**
 * The ingest-path cost alone: the statement each history row runs inside its transaction. Measured twice, in pairs
 * (same load for both): over a read-only transaction, and over one that writes the history row first, as every
 * ingest transaction does. Only the second is the cost ingest sees: a transaction that writes anything waits for
 * its WAL flush at commit, which the first comparison charges to the rules' row.
 */
async function enqueueCost(): Promise<{ bare: number[]; enq: number[]; write: number[]; writeEnq: number[] }> {
  const r = { bare: [] as number[], enq: [] as number[], write: [] as number[], writeEnq: [] as number[] };
  const historyRow = (tx: Parameters<Parameters<typeof db.transaction>[0]>[0]) =>
    tx
      .insert(ticketEvents)
      .values({ ticketId: probe.ticketId, actorType: 'customer', kind: 'message_received', data: { messageId: probe.messageId } })
      .returning({ id: ticketEvents.id, at: ticketEvents.createdAt });
  const enqueue = (tx: Parameters<Parameters<typeof db.transaction>[0]>[0], row: { id: number; at: Date }) =>
    enqueueRuleEvaluation(
      tx,
      {
        id: row.id,
        ticketId: probe.ticketId,
        kind: 'message_received',
        data: { messageId: probe.messageId },
        actorType: 'customer',
        actorId: null,
        at: row.at,
      },
      ['message.customer'],
    );
  const timed = async (into: number[], i: number, fn: () => Promise<unknown>) => {
    const at = performance.now();
    await fn();
    if (i >= 100) into.push(performance.now() - at);
  };
  for (let i = 0; i < 2100; i++) {
    await timed(r.bare, i, () => db.transaction((tx) => tx.execute(sql`select 1`)));
    await timed(r.enq, i, () => db.transaction(async (tx) => enqueue(tx, { id: 50_000_000 + i, at: new Date() })));
    await timed(r.write, i, () => db.transaction((tx) => historyRow(tx)));
    await timed(r.writeEnq, i, () => db.transaction(async (tx) => enqueue(tx, (await historyRow(tx))[0]!)));
  }
  await db.execute(sql`delete from outbox where topic = 'automation.evaluate'`);
  return r;
}
const added = (base: number[], more: number[]) =>
  `added p50 ${(pct(more, 50) - pct(base, 50)).toFixed(3)} ms, p95 ${(pct(more, 95) - pct(base, 95)).toFixed(3)} ms`;
const report0 = (label: string, r: Awaited<ReturnType<typeof enqueueCost>>) => {
  console.log(
    `${t.ctx.driver} | rule check per history row, ${label}, read-only transaction | ${fmt(r.enq)} | bare ${fmt(r.bare)} | ${added(r.bare, r.enq)}`,
  );
  console.log(
    `${t.ctx.driver} | rule check per history row, ${label}, after the history row's insert | ${fmt(r.writeEnq)} | insert alone ${fmt(r.write)} | ${added(r.write, r.writeEnq)}`,
  );
};
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

/** Whole ingests one at a time, in alternating blocks with the 50 rules on and off: the same load for both. */
async function pairedIngest(): Promise<{ off: number[]; on: number[] }> {
  const r = { off: [] as number[], on: [] as number[] };
  const names = Array.from({ length: 50 }, (_, i) => `Rule ${i}`).concat('all shop mail');
  // Short blocks, so a load spike on the shared machine lands on both sides alike.
  for (let block = 0; block < 100; block++) {
    const on = block % 2 === 1;
    await db
      .update(automationRules)
      .set({ enabled: on })
      .where(inArray(automationRules.name, on ? names.slice(1) : names));
    for (let i = 0; i < 5; i++) {
      const msg = buildInbound({
        threadKey: `paired-${i % 10}`,
        text: `Order ${i} is late`,
        sender: { externalId: `p${i % 10}@shop.example.com` },
      });
      const at = performance.now();
      await ingest(t.ctx, msg);
      if (block >= 4) (on ? r.on : r.off).push(performance.now() - at);
    }
  }
  await db.delete(outbox).where(eq(outbox.topic, 'automation.evaluate'));
  return r;
}
const paired = await pairedIngest();
console.log(`${t.ctx.driver} | ingest one message at a time, rules off | ${fmt(paired.off)}`);
console.log(`${t.ctx.driver} | ingest one message at a time, 50 rules on | ${fmt(paired.on)} | ${added(paired.off, paired.on)}`);
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
