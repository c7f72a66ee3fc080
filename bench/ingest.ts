/**
 * Widget ingest throughput and latency on PostgreSQL: simulated visitors send chat messages over Socket.IO
 * (websocket transport) to one server process, or two sharing Redis (`--nodes 2`, visitors split across them);
 * an admin console socket on the first node receives every message.created. Latency = customer emit -> agent receipt.
 * Steps: paced offered loads, then saturation (a bounded in-flight window refilled on each ack). Then the raw
 * ceiling: BEGIN / INSERT a messages row / COMMIT with a pg pool of the server's size, as many in parallel.
 *
 * Run: npm run bench:ingest -- [--nodes 1|2] [--visitors 400] [--rates 100,500,1000] [--seconds 20] [--warmup 5]
 *        [--window 256] [--pool 10] [--backlog 1000] [--cpu-prof]
 * A paced step skips sends while --backlog messages are unacknowledged (reported as "skipped"): past saturation the
 * queue would otherwise only grow and spill into the next step.
 * Needs PostgreSQL on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; a scratch database
 * is created and dropped) and, for --nodes 2, Redis on REDIS_URL (default redis://127.0.0.1:6379).
 * The server runs with BENCH_WIDGET_RATES=unlimited (bench/support/server-probe.ts) and TRUST_PROXY=true, each
 * visitor with its own X-Forwarded-For, so one benchmark IP is not throttled like one abusive visitor would be.
 * Results: bench/RESULTS.md.
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import type { WidgetAck, WidgetClientEvents, WidgetServerEvents } from '../channels/widget/protocol.ts';
import { connectAgent } from '../test/support/sockets.ts';
import { loopDelay, procUsage, resetLoopDelay, startBenchServer, type BenchServer } from './support/server-process.ts';
import { benchWorld, describeMachine, load, percentile, randomPrefix, SECRET_KEY } from './support/world.ts';

const { values: opt } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1' },
    visitors: { type: 'string', default: '400' },
    rates: { type: 'string', default: '100,500,1000' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    window: { type: 'string', default: '256' },
    pool: { type: 'string', default: '10' },
    backlog: { type: 'string', default: '1000' },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const NODES = Number(opt.nodes);
const VISITORS = Number(opt.visitors);
const RATES = opt.rates!.split(',').filter(Boolean).map(Number);
const SECONDS = Number(opt.seconds);
const WARMUP = Number(opt.warmup);
const WINDOW = Number(opt.window);
const POOL = Number(opt.pool);
/** Paced steps stop sending while this many are unacknowledged: past saturation the queue would only grow. */
const BACKLOG = Number(opt.backlog);
if (![1, 2].includes(NODES) || !(VISITORS > 0) || RATES.some((r) => !(r > 0)) || !(SECONDS > 0)) {
  throw new Error('--nodes must be 1 or 2; --visitors, --rates, --seconds must be positive numbers');
}

type Visitor = Socket<WidgetServerEvents, WidgetClientEvents>;
const now = () => performance.now();

const world = await benchWorld();
const machine = await describeMachine(world.t);
console.log(
  `machine: ${machine.cpu}, ${machine.ramGiB} GiB, Node ${machine.node}, PostgreSQL ${machine.postgres}, ${machine.date}; load ${load()}`,
);
const env: Record<string, string> = {
  DATABASE_URL: world.dbUrl,
  DATABASE_POOL_SIZE: String(POOL),
  SECRET_KEY,
  TRUST_PROXY: 'true',
  BENCH_WIDGET_RATES: 'unlimited',
  LOG_LEVEL: 'warn',
  ...(NODES === 2 ? { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_PREFIX: randomPrefix() } : {}),
};
const servers: BenchServer[] = [];
const visitors: Visitor[] = [];
try {
  for (let i = 0; i < NODES; i++)
    servers.push(
      await startBenchServer(`n${i}`, env, opt['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${tmpdir()}/sb-bench-profiles`] : []),
    );
  const agent = await connectAgent(servers[0]!.url, { cookie: world.admin.cookie });

  // seq -> send time; receipts by seq. Message text carries the seq.
  const sentAt = new Map<number, number>();
  const receivedAt = new Map<number, number>();
  agent.on('message.created', ({ message }) => {
    const m = /^bench (\d+)$/.exec(message.text);
    if (m) receivedAt.set(Number(m[1]), now());
  });

  const t0 = now();
  for (let i = 0; i < VISITORS; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, VISITORS - i) }, (_, j) => {
        const n = i + j;
        const socket: Visitor = io(`${servers[n % NODES]!.url}/widget`, {
          transports: ['websocket'],
          auth: { inboxId: world.inbox.id },
          extraHeaders: { 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
          reconnection: false,
          forceNew: true,
        });
        visitors.push(socket);
        return new Promise<void>((resolve, reject) => {
          socket.once('welcome', () => resolve());
          socket.once('connect_error', reject);
        });
      }),
    );
  }
  console.log(`${VISITORS} visitors connected to ${NODES} node(s) in ${((now() - t0) / 1000).toFixed(1)} s`);

  let seq = 0;
  let inFlight = 0;
  let ackErrors = 0;
  let lastError = '';
  const sendOne = (onAck?: () => void) => {
    const n = ++seq;
    const socket = visitors[n % VISITORS]!;
    inFlight++;
    sentAt.set(n, now());
    socket
      .timeout(30_000)
      .emit('message.send', { clientId: randomUUID(), text: `bench ${n}` }, (err: Error | null, ack: WidgetAck<unknown>) => {
        inFlight--;
        if (err || !ack.ok) {
          ackErrors++;
          lastError = err ? err.message : ack.ok ? '' : `${ack.error.code}: ${ack.error.message}`;
        }
        onAck?.();
      });
    return n;
  };
  const drain = async () => {
    const deadline = now() + 120_000;
    while ((inFlight > 0 || receivedAt.size < sentAt.size - ackErrors) && now() < deadline) await new Promise((r) => setTimeout(r, 20));
  };

  // Warm-up: every visitor's first message opens its ticket.
  for (let i = 0; i < VISITORS; i++) sendOne();
  await drain();
  console.log(`warm-up: ${VISITORS} tickets opened; ack errors ${ackErrors}${lastError ? ` (${lastError})` : ''}`);

  const results: Array<Record<string, string | number>> = [];
  let skipped = 0;
  const runStep = async (label: string, start: (stopAt: number) => void) => {
    const firstSeq = seq + 1;
    skipped = 0;
    const errorsBefore = ackErrors;
    const cpuBefore = servers.map((s) => procUsage(s.pid).cpuSeconds);
    for (const s of servers) resetLoopDelay(s);
    const begin = now();
    const measureFrom = begin + WARMUP * 1000;
    const stopAt = measureFrom + SECONDS * 1000;
    start(stopAt);
    while (now() < stopAt) await new Promise((r) => setTimeout(r, 50));
    const cpu = servers.map((s, i) => ((procUsage(s.pid).cpuSeconds - cpuBefore[i]!) / ((now() - begin) / 1000)) * 100);
    await drain();
    await new Promise((r) => setTimeout(r, 1_100));
    const loops = servers.map((s) => loopDelay(s));
    const queries = loops.reduce((n, l) => n + (l?.queries ?? 0), 0);
    const lat: number[] = [];
    let lost = 0;
    let receivedInWindow = 0;
    for (let n = firstSeq; n <= seq; n++) {
      const s = sentAt.get(n)!;
      const r = receivedAt.get(n);
      if (r !== undefined && r >= measureFrom && r < stopAt) receivedInWindow++;
      if (s < measureFrom || s >= stopAt) continue;
      if (r === undefined) lost++;
      else lat.push(r - s);
    }
    lat.sort((a, b) => a - b);
    const row = {
      offered: label,
      'sent/s': Math.round(lat.length / SECONDS + lost / SECONDS),
      'received/s': Math.round(receivedInWindow / SECONDS),
      skipped,
      p50: percentile(lat, 50).toFixed(1),
      p95: percentile(lat, 95).toFixed(1),
      p99: percentile(lat, 99).toFixed(1),
      max: (lat.at(-1) ?? NaN).toFixed(1),
      'not received': lost,
      'ack errors': ackErrors - errorsBefore,
      'server CPU %': cpu.map((c) => c.toFixed(0)).join(' + '),
      'SQL/msg': (queries / (seq - firstSeq + 1)).toFixed(1),
      'loop p99 ms': loops.map((l) => l?.p99 ?? '?').join(' / '),
      load: load(),
    };
    results.push(row);
    if (process.env.BENCH_SQL)
      for (const [text, n] of loops[0]?.statements ?? []) console.log(`  ${(n / (seq - firstSeq + 1)).toFixed(2)}  ${text}`);
    console.log(JSON.stringify(row));
  };

  for (const rate of RATES) {
    await runStep(`${rate}/s`, (stopAt) => {
      const begin = now();
      let sent = 0;
      const timer = setInterval(() => {
        const t = now();
        if (t >= stopAt) return clearInterval(timer);
        const due = Math.floor(((t - begin) / 1000) * rate);
        while (sent < due) {
          if (inFlight < BACKLOG) sendOne();
          else if (t >= begin + WARMUP * 1000) skipped++;
          sent++;
        }
      }, 5);
    });
  }
  await runStep(`saturation (${WINDOW} in flight)`, (stopAt) => {
    const refill = () => {
      if (now() < stopAt) sendOne(refill);
    };
    for (let i = 0; i < WINDOW; i++) refill();
  });
  if (lastError) console.log(`last ack error: ${lastError}`);
  for (const v of visitors) v.close();
  agent.close();

  // The ceiling: the same database, a pool of the same size, one short transaction per message row.
  const pool = new pg.Pool({ connectionString: world.dbUrl, max: POOL });
  const { rows } = await pool.query<{ id: string; customer_id: string }>(`select id, customer_id from tickets limit 1`);
  const ticket = rows[0]!;
  let raw = 0;
  const rawStop = now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: POOL }, async () => {
      while (now() < rawStop) {
        const c = await pool.connect();
        try {
          await c.query('begin');
          await c.query(
            `insert into messages (ticket_id, direction, channel, customer_id, channel_message_id, text, delivery_status, meta, received_at)
             values ($1, 'in', 'widget', $2, $3, $4, 'received', $5, now())`,
            [ticket.id, ticket.customer_id, `raw:${randomUUID()}`, 'bench raw', JSON.stringify({ clientId: randomUUID() })],
          );
          await c.query('commit');
          raw++;
        } finally {
          c.release();
        }
      }
    }),
  );
  await pool.end();
  const rawPerSec = Math.round(raw / SECONDS);
  const sat = Number(results.at(-1)!['received/s']);
  console.log(
    `raw INSERT+COMMIT ceiling (pool ${POOL}): ${rawPerSec}/s; saturation ${sat}/s = ${((sat / rawPerSec) * 100).toFixed(0)}% of it; load ${load()}`,
  );
  console.table(results);
} finally {
  for (const v of visitors) v.close();
  await Promise.all(servers.map((s) => s.stop()));
  await world.t.close();
}
process.exit(0);
