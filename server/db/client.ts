import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { runtimePaths } from '../paths.ts';
import { acquireDirLock, type DirLock } from './dir-lock.ts';
import * as schema from './schema/index.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** A verb that may run inside a caller's transaction takes this. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  driver: 'pglite' | 'pg';
  /** The embedded client, when driver is 'pglite' (tests dump it as a template). */
  pglite?: import('@electric-sql/pglite').PGlite;
  /** Runs the committed drizzle-kit migrations; idempotent. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent an embedded PGlite database lives in `dataDir`. */
  url?: string;
  dataDir: string;
  poolSize?: number;
  /** In-memory PGlite (tests): nothing on disk, no lock. */
  memory?: boolean;
  /** In-memory PGlite started from a `dumpDataDir()` archive (tests: a migrated template, ~1 s instead of ~6 s). */
  loadDataDir?: Blob;
}

const migrationsFolder = runtimePaths.migrations;

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.url ? openPostgres(opts.url, opts.poolSize ?? 10) : openPglite(opts);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const { default: pg } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // A client losing its server (restart, failover) emits 'error'; unheard, that kills the process. The pool only
  // listens while a client is idle: one checked out (a transaction) needs its own listener. The query in flight
  // still fails (callers answer UNAVAILABLE) and the pool drops the dead client on release.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = drizzle(pool, { schema });
  return {
    db: db as unknown as Db,
    driver: 'pg',
    migrate: () => migrateAlone(pg, url, () => migrate(db, { migrationsFolder })),
    close: () => pool.end(),
  };
}

/**
 * App nodes starting together (a deploy) would race through the same migrations and fail on each other's
 * CREATEs: one migrates while the others wait on an advisory lock, then find nothing left to do. The lock
 * lives on its own connection so a pool of one still has a connection to migrate with.
 */
async function migrateAlone(pg: typeof import('pg').default, url: string, run: () => Promise<void>): Promise<void> {
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query(`select pg_advisory_lock(hashtext('switchboard:migrate'))`);
    await run();
  } finally {
    await lock.end().catch(() => undefined);
  }
}

async function openPglite(opts: DatabaseOptions): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  let lock: DirLock | undefined;
  let dataDir: string | undefined;
  if (!opts.memory) {
    dataDir = path.resolve(opts.dataDir, 'pglite');
    mkdirSync(dataDir, { recursive: true });
    // PGlite has no lock of its own: a second process on the same folder would silently lose its writes.
    lock = acquireDirLock(path.resolve(opts.dataDir, 'pglite.lock'));
  }
  try {
    const client = await PGlite.create({
      dataDir,
      extensions: { pg_trgm },
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    });
    const db = drizzle(client, { schema });
    return {
      db: db as unknown as Db,
      driver: 'pglite',
      pglite: client,
      migrate: () => migrate(db, { migrationsFolder }),
      close: async () => {
        await client.close();
        lock?.release();
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}
