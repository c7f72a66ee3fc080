import { randomBytes } from 'node:crypto';
import { cpus, totalmem, loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../test/support/context.ts';
import { buildSessionUser } from '../../test/support/session.ts';
import { buildWidgetInbox } from '../../test/channels/widget/harness.ts';

export const SECRET_KEY = 'bench-secret-key-bench-secret-key-0123';

/**
 * A scratch PostgreSQL database (created on BENCH_DATABASE_URL's server, default postgres://postgres@127.0.0.1:5432/postgres,
 * dropped by t.close()), migrated, with a widget inbox and an admin with a console session.
 */
export async function benchWorld() {
  process.env.TEST_DB_ENGINE = 'postgres';
  process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const t: TestContext = await createTestContext();
  const inbox = await buildWidgetInbox(t.ctx);
  // Ctrl-C: drop the scratch database; the 'exit' hooks of bench/support/server-process.ts kill the servers.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void t.close().finally(() => process.exit(130)));
  const admin = await buildSessionUser(t.ctx, { roles: ['admin'], name: 'Bench Admin' });
  return { t, inbox, admin, dbUrl: t.database.url! };
}

export async function describeMachine(t: TestContext) {
  const version =
    ((await t.ctx.db.execute(sql`show server_version`)) as unknown as { rows: Array<{ server_version: string }> }).rows[0]
      ?.server_version ?? '?';
  return {
    cpu: `${cpus().length} x ${cpus()[0]?.model ?? '?'}`,
    ramGiB: (totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    postgres: version,
    date: new Date().toISOString(),
  };
}

export const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
export const randomPrefix = () => `sbbench-${randomBytes(6).toString('hex')}`;

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}
