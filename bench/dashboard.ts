/**
 * Supervisor dashboard snapshot latency on a busy center: N tickets (default 20 000) over the last 90 days, a
 * fifth still open (half of those waiting in a queue), running SLA clocks on every open ticket (some warned,
 * some breached) and a rating on every tenth. Each snapshot is refetched on dashboard.changed (at most 1/s).
 * Run: npx tsx bench/dashboard.ts   (PGlite; TEST_DB_ENGINE=postgres TEST_DATABASE_URL=... for PostgreSQL; N=... to scale)
 *
 * Recorded 2026-12-03, 2 shared cores with other suites running, N = 20 000 (2 003 waiting, ~3 960 breached):
 *   PGlite:        first 290 ms, warm 168-169 ms
 *   PostgreSQL 15: first 190 ms, warm 133-139 ms
 * Every open supervisor console fetches one snapshot per pulse: ten of them in a busy second cost ~1.5 s of DB time.
 */
import { sql } from 'drizzle-orm';
import { getDashboard } from '../server/services/dashboard/get-dashboard.ts';
import { createTestContext } from '../test/support/context.ts';
import { NOW, seedDashboardWorld } from '../test/support/dashboard-world.ts';
import { buildActor } from '../test/support/factories.ts';

const N = Number(process.env.N ?? 20000);
const t = await createTestContext();
t.clock.set(NOW);
const w = await seedDashboardWorld(t.ctx);
const sup = await buildActor(t.ctx, ['supervisor']);
const [c] = ((await t.ctx.db.execute(sql`select id from customers limit 1`)) as any).rows;
const now = NOW.toISOString();
await t.ctx.db.execute(sql`
  insert into tickets (subject, status, channel, thread_key, customer_id, team_id, assignee_id, first_response_at, resolved_at, created_at, updated_at, last_message_at)
  select 'b' || i, case when i % 5 = 0 then 'open' else 'resolved' end, (array['email','widget','telegram','api'])[1 + i % 4], 'bench-' || i, ${c.id}::uuid,
    case when i % 2 = 0 then ${w.billing.id}::uuid else ${w.sales.id}::uuid end,
    case when i % 10 = 0 then null when i % 3 = 0 then ${w.alice.id}::uuid else ${w.bob.id}::uuid end,
    case when i % 10 = 0 then null else ca + random() * interval '2 hours' end,
    case when i % 5 = 0 then null else ca + interval '3 hours' + random() * interval '1 day' end, ca, ca, ca
  from (select i, ${now}::timestamptz - random() * interval '90 days' as ca from generate_series(1, ${N}) i) s`);
await t.ctx.db.execute(
  sql`insert into ticket_routing (ticket_id, queued_at, routed_at) select id, created_at, created_at from tickets where thread_key like 'bench-%'`,
);
await t.ctx.db.execute(sql`
  insert into sla_clocks (ticket_id, metric, state, target_ms, warn_ms, cycle_started_at, resumed_at, warn_at, due_at, warned_at, breached_at)
  select id, 'resolution', 'running', 86400000, 69120000, created_at, created_at, created_at + interval '19 hours', created_at + interval '1 day',
    case when created_at + interval '19 hours' < ${now}::timestamptz then created_at + interval '19 hours' end,
    case when created_at + interval '1 day' < ${now}::timestamptz then created_at + interval '1 day' end
  from tickets where thread_key like 'bench-%' and status = 'open'`);
await t.ctx.db.execute(sql`
  insert into csat_responses (ticket_id, channel, rating, resolved_at, created_at)
  select id, channel, 1 + (number % 5), resolved_at, resolved_at + interval '1 hour' from tickets where thread_key like 'bench-%' and resolved_at is not null and number % 10 = 0`);
await t.ctx.db.execute(sql`analyze`);
for (let run = 1; run <= 3; run++) {
  const s = performance.now();
  const d = await getDashboard(t.ctx, sup, { tz: 'Asia/Shanghai' });
  const ms = Math.round(performance.now() - s);
  console.log(
    `${t.ctx.driver} N=${N} run ${run}: ${ms} ms (waiting ${d.queues.reduce((n, q) => n + q.waiting, 0)}, at risk ${d.sla.atRisk.count}, breached ${d.sla.breached.count}, today ${d.today.created})`,
  );
}
await t.close();
