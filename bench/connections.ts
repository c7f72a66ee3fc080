/**
 * Many concurrent widget sockets on one server process: each visitor connects (websocket transport) and sends one
 * chat message a minute, spread over the minute, starting once all are connected. Then the server's resident memory (VmRSS),
 * CPU (utime + stime from /proc/<pid>/stat) and event-loop delay (monitorEventLoopDelay in the server, via
 * bench/support/server-probe.ts) are measured over a steady window.
 *
 * Run: npm run bench:connections -- [--sockets 10000] [--steady 120] [--per-minute 1]
 * PostgreSQL on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; a scratch database is made
 * and dropped). The widget's default rate limits stay on: with TRUST_PROXY=true every visitor has its own
 * X-Forwarded-For, as real visitors behind a proxy do. Needs ~2 file descriptors per socket (ulimit -n).
 * Results: bench/RESULTS.md.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { WidgetAck, WidgetClientEvents, WidgetServerEvents } from '../channels/widget/protocol.ts';
import { loopDelay, procUsage, resetLoopDelay, startBenchServer, type BenchServer } from './support/server-process.ts';
import { benchWorld, describeMachine, load, percentile, SECRET_KEY } from './support/world.ts';

const { values: opt } = parseArgs({
  options: {
    sockets: { type: 'string', default: '10000' },
    steady: { type: 'string', default: '120' },
    'per-minute': { type: 'string', default: '1' },
  },
});
const SOCKETS = Number(opt.sockets);
const STEADY = Number(opt.steady);
const PER_MINUTE = Number(opt['per-minute']);
if (!(SOCKETS > 0) || !(STEADY > 0) || !(PER_MINUTE >= 0)) throw new Error('--sockets, --steady must be positive, --per-minute >= 0');

type Visitor = Socket<WidgetServerEvents, WidgetClientEvents>;
const MiB = 2 ** 20;
const world = await benchWorld();
const machine = await describeMachine(world.t);
console.log(
  `machine: ${machine.cpu}, ${machine.ramGiB} GiB, Node ${machine.node}, PostgreSQL ${machine.postgres}, ${machine.date}; load ${load()}`,
);
let server: BenchServer | undefined;
const visitors: Visitor[] = [];
const timers: NodeJS.Timeout[] = [];
try {
  server = await startBenchServer('conn', { DATABASE_URL: world.dbUrl, SECRET_KEY, TRUST_PROXY: 'true', LOG_LEVEL: 'warn' });
  const idle = procUsage(server.pid);
  console.log(`server pid ${server.pid}, idle RSS ${(idle.rss / MiB).toFixed(0)} MiB`);

  let acked = 0;
  let failed = 0;
  let lastError = '';
  let ackMs: number[] = [];
  const send = (socket: Visitor) => {
    const t = performance.now();
    socket
      .timeout(60_000)
      .emit(
        'message.send',
        { clientId: randomUUID(), text: `still there? ${Date.now()}` },
        (err: Error | null, ack: WidgetAck<unknown>) => {
          if (err || !ack.ok) {
            failed++;
            lastError = err ? err.message : ack.ok ? '' : `${ack.error.code}: ${ack.error.message}`;
          } else {
            acked++;
            ackMs.push(performance.now() - t);
          }
        },
      );
  };

  const t0 = performance.now();
  let refused = 0;
  let stopReason = '';
  const BATCH = 100;
  for (let i = 0; i < SOCKETS && !stopReason; i += BATCH) {
    const results = await Promise.allSettled(
      Array.from({ length: Math.min(BATCH, SOCKETS - i) }, (_, j) => {
        const n = i + j;
        const socket: Visitor = io(`${server!.url}/widget`, {
          transports: ['websocket'],
          auth: { inboxId: world.inbox.id },
          extraHeaders: { 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
          reconnection: false,
          forceNew: true,
          timeout: 60_000,
        });
        visitors.push(socket);
        return new Promise<void>((resolve, reject) => {
          socket.once('welcome', () => resolve());
          socket.once('connect_error', (err) => reject(err));
        });
      }),
    );
    for (const r of results)
      if (r.status === 'rejected') {
        refused++;
        stopReason ||= `connect_error: ${(r.reason as Error).message}`;
      }
    if ((i / BATCH) % 10 === 0) {
      const u = procUsage(server.pid);
      console.log(
        `${visitors.length - refused} connected after ${((performance.now() - t0) / 1000).toFixed(0)} s; server RSS ${(u.rss / MiB).toFixed(0)} MiB; load ${load()}`,
      );
    }
  }
  const connected = visitors.filter((v) => v.connected).length;
  // Once everyone is in, each sends PER_MINUTE messages a minute, the first at a random moment of the first period.
  let sent = 0;
  if (PER_MINUTE > 0) {
    const every = 60_000 / PER_MINUTE;
    for (const socket of visitors.filter((v) => v.connected)) {
      const go = () => {
        sent++;
        send(socket);
      };
      timers.push(
        setTimeout(() => {
          go();
          timers.push(setInterval(go, every));
        }, Math.random() * every),
      );
    }
  }
  console.log(
    `${connected} of ${SOCKETS} connected in ${((performance.now() - t0) / 1000).toFixed(0)} s${stopReason ? `; stopped: ${stopReason}` : ''}`,
  );

  // Steady state: everyone connected, messages flowing at their pace.
  resetLoopDelay(server);
  ackMs = [];
  const acked0 = acked;
  const failed0 = failed;
  const cpu0 = procUsage(server.pid).cpuSeconds;
  const s0 = performance.now();
  const rss: number[] = [];
  while (performance.now() - s0 < STEADY * 1000) {
    await new Promise((r) => setTimeout(r, 5_000));
    rss.push(procUsage(server.pid).rss);
  }
  const end = procUsage(server.pid);
  const cpuPct = ((end.cpuSeconds - cpu0) / ((performance.now() - s0) / 1000)) * 100;
  await new Promise((r) => setTimeout(r, 1_500));
  const loop = loopDelay(server);
  ackMs.sort((a, b) => a - b);
  const stillConnected = visitors.filter((v) => v.connected).length;
  const result = {
    sockets: `${stillConnected} connected (of ${SOCKETS} attempted)`,
    'RSS MiB (end, max)': `${(end.rss / MiB).toFixed(0)}, ${(Math.max(...rss) / MiB).toFixed(0)}`,
    'server CPU %': cpuPct.toFixed(0),
    'event loop p50/p99/max ms': loop ? `${loop.p50} / ${loop.p99} / ${loop.max}` : 'n/a',
    'messages/s acked': ((acked - acked0) / STEADY).toFixed(1),
    'ack p50/p99 ms': `${percentile(ackMs, 50).toFixed(0)} / ${percentile(ackMs, 99).toFixed(0)}`,
    'unanswered at end': sent - acked - failed,
    'send failures': `${failed - failed0}${lastError ? ` (last: ${lastError})` : ''}`,
    load: load(),
  };
  console.log(JSON.stringify(result, null, 1));
} finally {
  for (const t of timers) clearTimeout(t);
  for (const v of visitors) v.close();
  await server?.stop();
  await world.t.close();
}
process.exit(0);
