import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../server/db/client.ts';
import { pgliteTemplatePath, postgresTemplateName } from './db-template.ts';

export type TestEngine = 'pglite' | 'postgres';
export const testEngine = (): TestEngine => (process.env.TEST_DB_ENGINE === 'postgres' ? 'postgres' : 'pglite');

export interface TestDatabase extends Database {
  url: string | null;
  /** Empties every table a test wrote to and restarts used sequences (one database per test file). */
  reset(): Promise<void>;
  destroy(): Promise<void>;
}

const adminUrl = () => process.env.TEST_DATABASE_URL;

/**
 * A fresh, migrated database, cloned from a template made once per run (test/support/db-template.ts): an in-memory
 * PGlite loaded from a dump, or a throwaway database on TEST_DATABASE_URL's server made by CREATE DATABASE … TEMPLATE.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testEngine() === 'postgres') {
    const url = adminUrl();
    if (!url) throw new Error('TEST_DB_ENGINE=postgres needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)');
    const template = await postgresTemplateName(url);
    const name = `sb_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(url, `create database ${name} template ${template}`);
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    const database = await openDatabase({ url: dbUrl.toString(), dataDir: '.', poolSize: 20 });
    return {
      ...database,
      url: dbUrl.toString(),
      reset: () => resetDatabase(database),
      destroy: async () => {
        await database.close();
        await adminQuery(url, `drop database if exists ${name} with (force)`);
      },
    };
  }
  const database =
    spare.pop() ?? (await openDatabase({ dataDir: '.', memory: true, loadDataDir: new Blob([readFileSync(await pgliteTemplatePath())]) }));
  return {
    ...database,
    url: null,
    reset: () => resetDatabase(database),
    async destroy() {
      // Emptied and kept for the next file in this worker (files share a worker's modules: isolate is off).
      const reusable =
        spare.length < MAX_SPARE &&
        (await resetDatabase(database).then(
          () => true,
          () => false,
        ));
      if (reusable) spare.push(database);
      else await database.close();
    },
  };
}

/** Loading PGlite from the template still costs ~1 s of CPU; a database a finished file gave back costs a reset. */
const spare: Database[] = [];
const MAX_SPARE = 2;

export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * One call to the template's sb_test_reset(): DELETE (not TRUNCATE, whose exclusive locks cost ~1 s on PostgreSQL and
 * deadlock with a running server's workers) from every table. A worker's transaction can still cross the reset's row
 * locks; that is an artefact of the reset, not of the code under test, so the reset is retried.
 */
async function resetDatabase(database: Database): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await database.db.execute(sql`select sb_test_reset()`);
      return;
    } catch (err) {
      const code = (err as { cause?: { code?: string }; code?: string }).cause?.code ?? (err as { code?: string }).code;
      // 40P01 deadlock_detected, 55P03 lock_not_available
      if (attempt >= 10 || (code !== '40P01' && code !== '55P03')) throw err;
      await new Promise((r) => setTimeout(r, 20 * attempt));
    }
  }
}
