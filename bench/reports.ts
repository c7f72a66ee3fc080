/**
 * Report latency on a busy quarter: N tickets (default 20 000) over 90 days in one team with a business calendar,
 * 80 % resolved, each with created / assigned / first reply / resolved history rows.
 * Run: npx tsx bench/reports.ts   (PGlite; TEST_DB_ENGINE=postgres TEST_DATABASE_URL=... for PostgreSQL; N=... to scale)
 *
 * Recorded 2026-12-03, 2 shared cores with other suites running, N = 20 000, 90-day period, team filter:
 *   PGlite:        volume 64 ms, heatmap 82, times 888, csat 5, agents 516, kb 45, staffing 428
 *   PostgreSQL 15: volume 69 ms, heatmap 51, times 1024, csat 7, agents 506, kb 34, staffing 397
 *   Before JIT was switched off per report query (rows.ts), PostgreSQL took 4906 ms for times and 5329 ms for agents.
 */
import { sql } from 'drizzle-orm';
import { createTestContext } from '../test/support/context.ts';
import { seedReportWorld } from '../test/support/report-world.ts';
import { buildActor } from '../test/support/factories.ts';
import { volumeByDay } from '../server/services/reports/volume-by-day.ts';
import { arrivalHeatmap } from '../server/services/reports/arrival-heatmap.ts';
import { responseTimes } from '../server/services/reports/response-times.ts';
import { csatSummary } from '../server/services/reports/csat-summary.ts';
import { agentTable } from '../server/services/reports/agent-table.ts';
import { kbEffect } from '../server/services/reports/kb-effect.ts';
import { staffing } from '../server/services/reports/staffing.ts';
const N = Number(process.env.N ?? 20000);
const t = await createTestContext();
const w = await seedReportWorld(t.ctx);
const sup = await buildActor(t.ctx, ['supervisor']);
const [c] = ((await t.ctx.db.execute(sql`select id from customers limit 1`)) as any).rows;
await t.ctx.db.execute(sql`
  insert into tickets (subject, status, channel, thread_key, customer_id, team_id, assignee_id, first_response_at, resolved_at, created_at, updated_at)
  select 'b', case when i % 5 = 0 then 'open' else 'resolved' end, (array['email','widget','telegram','api'])[1 + i % 4], 'bench-' || i, ${c.id}::uuid, ${w.team.id}::uuid,
    case when i % 2 = 0 then ${w.alice.id}::uuid else ${w.bob.id}::uuid end,
    ca + (random() * interval '8 hours'), case when i % 5 = 0 then null else ca + interval '9 hours' + random() * interval '3 days' end, ca, ca
  from (select i, timestamptz '2026-01-01 00:00Z' + random() * interval '89 days' as ca from generate_series(1, ${N}) i) s`);
await t.ctx.db.execute(sql`
  insert into ticket_events (ticket_id, actor_type, kind, from_value, to_value, created_at)
  select id, 'system', 'created', null, 'new', created_at from tickets where thread_key like 'bench-%'
  union all select id, 'system', 'assigned', null, assignee_id::text, created_at + interval '1 minute' from tickets where thread_key like 'bench-%'
  union all select id, 'system', 'status_changed', 'new', 'open', first_response_at from tickets where thread_key like 'bench-%'
  union all select id, 'system', 'status_changed', 'open', 'resolved', resolved_at from tickets where thread_key like 'bench-%' and resolved_at is not null`);
await t.ctx.db.execute(sql`analyze`);
const f = { from: '2026-01-01', to: '2026-03-31', teamId: w.team.id };
for (const [name, fn] of [
  ['volume', volumeByDay],
  ['heatmap', arrivalHeatmap],
  ['times', responseTimes],
  ['csat', csatSummary],
  ['agents', agentTable],
  ['kb', kbEffect],
  ['staffing', staffing],
] as const) {
  const s = performance.now();
  await (fn as any)(t.ctx, sup, f);
  console.log(`${t.ctx.driver} N=${N} ${name}: ${Math.round(performance.now() - s)} ms`);
}
await t.close();
