import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../server/db/client.ts';

export type TestEngine = 'pglite' | 'postgres';
export const testEngine = (): TestEngine => (process.env.TEST_DB_ENGINE === 'postgres' ? 'postgres' : 'pglite');

export interface TestDatabase extends Database {
  url: string | null;
  /** Empties every table between tests (one database per test file; files run in parallel). */
  reset(): Promise<void>;
  destroy(): Promise<void>;
}

const adminUrl = () => process.env.TEST_DATABASE_URL;

/** A fresh, migrated database: in-memory PGlite, or a throwaway database on TEST_DATABASE_URL's server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testEngine() === 'postgres') {
    const url = adminUrl();
    if (!url) throw new Error('TEST_DB_ENGINE=postgres needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)');
    const name = `sb_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(url, `create database ${name}`);
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    const database = await openDatabase({ url: dbUrl.toString(), dataDir: '.', poolSize: 20 });
    await database.migrate();
    return {
      ...database,
      url: dbUrl.toString(),
      reset: () => truncateAll(database),
      destroy: async () => {
        await database.close();
        await adminQuery(url, `drop database if exists ${name} with (force)`);
      },
    };
  }
  const database = await openDatabase({ dataDir: '.', memory: true });
  await database.migrate();
  return { ...database, url: null, reset: () => truncateAll(database), destroy: () => database.close() };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Empties every table. A running test server keeps its workers (outbox, routing, SLA, sockets) querying while a
 * test resets, so TRUNCATE's exclusive locks can deadlock with them on PostgreSQL; that is an artefact of the
 * reset, not of the code under test, so the reset is retried until it gets its locks.
 */
async function truncateAll(database: Database): Promise<void> {
  const res = await database.db.execute<{ tablename: string }>(
    sql`select tablename from pg_tables where schemaname = current_schema()`,
  );
  const names = (res as unknown as { rows: { tablename: string }[] }).rows.map((r) => `"${r.tablename}"`);
  if (!names.length) return;
  const statement = sql.raw(`truncate ${names.join(', ')} restart identity cascade`);
  for (let attempt = 1; ; attempt++) {
    try {
      await database.db.execute(statement);
      return;
    } catch (err) {
      const code = (err as { cause?: { code?: string }; code?: string }).cause?.code ?? (err as { code?: string }).code;
      // 40P01 deadlock_detected, 55P03 lock_not_available
      if (attempt >= 10 || (code !== '40P01' && code !== '55P03')) throw err;
      await new Promise((r) => setTimeout(r, 20 * attempt));
    }
  }
}
