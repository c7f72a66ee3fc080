/**
 * Preloaded into a benchmarked server process (`node --import tsx --import ./bench/support/server-probe.ts server/main.ts`),
 * never part of the server itself. Two things, each only when its variable is set:
 *  - BENCH_WIDGET_RATES=unlimited raises the widget budgets the way the tests lower them (the same `widgetRates`
 *    object, in this process only): every message still does its rate-limit bookkeeping in the database, it just
 *    never hits the ceiling. Production has no switch for this; the defaults are untouched.
 *  - BENCH_LOOP_FILE=<path>: event-loop delay (perf_hooks.monitorEventLoopDelay, 10 ms resolution) written there
 *    as JSON every second, counted since start or since the last SIGUSR2, with the number of SQL statements the
 *    process sent to PostgreSQL (pg Client#query calls, BEGIN/COMMIT included).
 */
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { widgetRates } from '../../channels/widget/rate-limits.ts';

if (process.env.BENCH_WIDGET_RATES === 'unlimited') {
  Object.assign(widgetRates, {
    messagesPerVisitor: 1e9,
    messagesPerIp: 1e9,
    uploadsPerVisitor: 1e9,
    uploadsPerIp: 1e9,
    handshakesPerIp: 1e9,
  });
}

const loopFile = process.env.BENCH_LOOP_FILE;
if (loopFile) {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  let since = Date.now();
  let queries = 0;
  const byText = new Map<string, number>();
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    queries++;
    const first = args[0] as string | { text?: string } | undefined;
    const text = (typeof first === 'string' ? first : (first?.text ?? '?')).replace(/\s+/g, ' ').slice(0, 70);
    byText.set(text, (byText.get(text) ?? 0) + 1);
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  process.on('SIGUSR2', () => {
    h.reset();
    queries = 0;
    byText.clear();
    since = Date.now();
  });
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  setInterval(() => {
    const stats = {
      since,
      at: Date.now(),
      p50: ms(h.percentile(50)),
      p99: ms(h.percentile(99)),
      max: ms(h.max),
      mean: ms(h.mean),
      queries,
      statements: [...byText].sort((a, b) => b[1] - a[1]).slice(0, 60),
    };
    writeFileSync(loopFile, JSON.stringify(stats));
  }, 1_000).unref();
}
