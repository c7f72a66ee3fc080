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
    const kept = spareNames.pop();
    const name = kept ?? (await clonePostgresTemplate(url));
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    const database = await openDatabase({ url: dbUrl.toString(), dataDir: '.', poolSize: 20 });
    if (!kept) schemaShapes.set(name, await schemaShape(database));
    return {
      ...database,
      url: dbUrl.toString(),
      reset: () => resetDatabase(database),
      destroy: async () => {
        await database.close();
        // Emptied and kept for the next file in this worker, as PGlite's are: CREATE DATABASE … TEMPLATE and DROP DATABASE
        // cost ~0.5–2.5 s per file on a busy machine (WAL and a checkpoint each). The run's teardown drops the kept ones.
        const reusable = Boolean(process.env.SB_TEST_RUN) && spareNames.length < MAX_SPARE && (await emptiedForReuse(dbUrl, name));
        if (reusable) spareNames.push(name);
        else await adminQuery(url, `drop database if exists ${name} with (force)`);
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

/** A new database on TEST_DATABASE_URL's server, copied from the migrated template; named after the run (global-setup.ts). */
async function clonePostgresTemplate(url: string): Promise<string> {
  const template = await postgresTemplateName(url);
  const name = `${postgresTestPrefix(process.env.SB_TEST_RUN)}${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `create database ${name} template ${template}`);
  return name;
}

/** Test databases of one run share this prefix, so the run's teardown can drop the ones its workers kept. */
export const postgresTestPrefix = (run: string | undefined) => (run ? `sb_test_${run}_` : 'sb_test_');

/** Kept PostgreSQL databases (by name) and the schema each was cloned with. */
const spareNames: string[] = [];
const schemaShapes = new Map<string, string>();

/**
 * The tables, columns, functions and triggers of the database's schema, as one digest: a file that changed them (and
 * did not undo it) leaves a database the next file must not get.
 */
async function schemaShape(database: Pick<Database, 'db'>): Promise<string> {
  const result = (await database.db.execute(sql.raw(shapeQuery))) as unknown as { rows: Array<{ shape: string }> };
  return result.rows[0]!.shape;
}

const shapeQuery = `with ns as (select oid from pg_namespace where nspname = current_schema())
select md5(concat_ws('|',
  (select string_agg(relname || ':' || relkind::text, ',' order by relname) from pg_class where relnamespace = (table ns)),
  (select string_agg(c.relname || '.' || a.attname || ':' || a.atttypid::text, ',' order by c.relname, a.attnum)
     from pg_attribute a join pg_class c on c.oid = a.attrelid
     where c.relnamespace = (table ns) and a.attnum > 0 and not a.attisdropped),
  (select string_agg(proname, ',' order by proname) from pg_proc where pronamespace = (table ns)),
  (select string_agg(tgname, ',' order by tgname) from pg_trigger t join pg_class c on c.oid = t.tgrelid
     where c.relnamespace = (table ns) and not t.tgisinternal)
)) as shape`;

/**
 * Ends every other session on the database (app nodes a file started, its own clients), empties it and checks its schema
 * is still the template's. False when any of that fails: the database is dropped instead.
 */
async function emptiedForReuse(dbUrl: URL, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: dbUrl.toString() });
  try {
    await client.connect();
    await client.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    await client.query('select sb_test_reset()');
    const shape = await client.query<{ shape: string }>(shapeQuery);
    return shape.rows[0]?.shape === schemaShapes.get(name);
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
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
