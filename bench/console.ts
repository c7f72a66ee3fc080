/**
 * The console's inbox at 10,000 open tickets: GET /api/tickets first page (the exact request the inbox makes on
 * load of the All view, captured from the browser) as an admin and as an agent; first render in Chromium (navigation start ->
 * first ticket row painted, new browser profile each run); gzipped size of the JS of that first load.
 * The server is its own process on a scratch PostgreSQL database; the console build is made if stale.
 *
 * Run: npm run bench:console -- [--tickets 10000] [--requests 30] [--renders 5]
 * Needs /usr/bin/chromium and PostgreSQL on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 * Results: bench/RESULTS.md.
 */
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { launchBrowser } from '../test/support/browser.ts';
import { ensureBuilt } from '../test/support/builds.ts';
import { buildTeam } from '../test/support/factories.ts';
import { buildSessionUser } from '../test/support/session.ts';
import { startBenchServer, type BenchServer } from './support/server-process.ts';
import { benchWorld, describeMachine, load, percentile, SECRET_KEY } from './support/world.ts';

const { values: opt } = parseArgs({
  options: {
    tickets: { type: 'string', default: '10000' },
    requests: { type: 'string', default: '30' },
    renders: { type: 'string', default: '5' },
  },
});
const N = Number(opt.tickets);
const REQUESTS = Number(opt.requests);
const RENDERS = Number(opt.renders);
if (!(N > 0) || !(REQUESTS > 0) || !(RENDERS > 0)) throw new Error('--tickets, --requests and --renders must be positive numbers');

ensureBuilt('console');
const world = await benchWorld();
const { t, admin } = world;
const machine = await describeMachine(t);
console.log(
  `machine: ${machine.cpu}, ${machine.ramGiB} GiB, Node ${machine.node}, PostgreSQL ${machine.postgres}, ${machine.date}; load ${load()}`,
);
const agent = await buildSessionUser(t.ctx, { roles: ['agent'], name: 'Bench Agent' });
const other = await buildTeam(t.ctx, { name: 'Elsewhere' });

// 10,000 open tickets of 2,000 customers: a quarter assigned to the agent, a quarter unassigned without a team
// (the agent sees those too), half in a team the agent is not in (only the admin sees them); one message each.
const s0 = performance.now();
await t.ctx.db.execute(sql`
  insert into customers (name, email)
  select 'Customer ' || i, 'customer' || i || '@bench.test' from generate_series(1, 2000) i`);
await t.ctx.db.execute(sql`
  insert into tickets (subject, status, priority, channel, thread_key, customer_id, team_id, assignee_id, last_customer_message_at, last_message_at, created_at, updated_at)
  select 'Order ' || i || ' has not arrived', 'open', (array['low','normal','normal','high','urgent'])[1 + i % 5],
    (array['email','widget','telegram','api'])[1 + i % 4], 'bench-' || i,
    c.id,
    case when i % 2 = 0 then ${other.id}::uuid end, case when i % 4 = 1 then ${agent.user.id}::uuid end, ca, ca, ca, ca
  from (select i, now() - random() * interval '30 days' as ca from generate_series(1, ${N}) i) s
  join (select id, row_number() over (order by id) - 1 as k from customers) c on c.k = s.i % 2000`);
await t.ctx.db.execute(sql`
  insert into messages (ticket_id, direction, channel, customer_id, text, delivery_status, received_at, created_at)
  select id, 'in', channel, customer_id, 'Hello, my parcel for ' || subject || ' is still at the depot. Can you check?', 'received', created_at, created_at from tickets`);
await t.ctx.db.execute(sql`analyze`);
const [{ open }] = (
  (await t.ctx.db.execute(sql`select count(*)::int as open from tickets where status = 'open'`)) as unknown as {
    rows: Array<{ open: number }>;
  }
).rows as [{ open: number }];
if (open !== N) throw new Error(`seeded ${open} open tickets, expected ${N}`);
console.log(`seeded ${N} open tickets in ${((performance.now() - s0) / 1000).toFixed(1)} s`);

let server: BenchServer | undefined;
const browser = await launchBrowser();
try {
  server = await startBenchServer('console', { DATABASE_URL: world.dbUrl, SECRET_KEY, LOG_LEVEL: 'warn' });
  const url = server.url;

  // First render, each run in a new profile (cold cache), signed in by cookie.
  const renders: number[] = [];
  let listRequest = '';
  let js = { files: 0, raw: 0, gzip: 0 };
  for (let run = 0; run < RENDERS; run++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addCookies([{ name: 'sb_session', value: admin.rawSession, url }]);
    const page = await context.newPage();
    const scripts: Promise<Buffer>[] = [];
    page.on('response', (res) => {
      if (res.request().resourceType() === 'script') scripts.push(res.body());
      if (!listRequest && /\/api\/tickets\?/.test(res.url()) && !/[?&]limit=1(&|$)/.test(res.url()))
        listRequest = res.url().slice(url.length);
    });
    await page.goto(`${url}/inbox?view=all`);
    const handle = await page
      .waitForFunction(`document.querySelector('[data-testid=ticket-row]') && performance.now()`, undefined, {
        polling: 'raf',
        timeout: 60_000,
      })
      .catch(async (err: Error) => {
        throw new Error(`no ticket row at ${page.url()}: ${(await page.locator('body').innerText()).slice(0, 300)}\n${err.message}`);
      });
    renders.push(Number(await handle.jsonValue()));
    if (run === 0) {
      const bodies = await Promise.all(scripts);
      js = {
        files: bodies.length,
        raw: bodies.reduce((n, b) => n + b.length, 0),
        gzip: bodies.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0),
      };
    }
    await context.close();
  }
  if (!listRequest) throw new Error('the inbox made no /api/tickets request');

  const timeList = async (cookie: string) => {
    const ms: number[] = [];
    let rows = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const t0 = performance.now();
      const res = await fetch(`${url}${listRequest}`, { headers: { cookie } });
      const body = (await res.json()) as { tickets?: unknown[]; items?: unknown[] };
      ms.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`GET ${listRequest} answered ${res.status}`);
      rows = (body.tickets ?? body.items ?? []).length;
    }
    ms.sort((a, b) => a - b);
    return `p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms (${rows} rows)`;
  };
  renders.sort((a, b) => a - b);
  const result = {
    tickets: N,
    request: `GET ${listRequest}`,
    'admin (sees all)': await timeList(admin.cookie),
    'agent (sees half)': await timeList(agent.cookie),
    'first render (nav start -> first row), ms': `median ${percentile(renders, 50).toFixed(0)}, runs ${renders.map((r) => r.toFixed(0)).join(' / ')}`,
    'first-load JS': `${js.files} files, ${(js.raw / 1024).toFixed(1)} KiB raw, ${(js.gzip / 1024).toFixed(1)} KiB gzipped (level 9)`,
    load: load(),
  };
  console.log(JSON.stringify(result, null, 1));
} finally {
  await browser.close();
  await server?.stop();
  await t.close();
}
process.exit(0);
