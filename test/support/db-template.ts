import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../server/db/client.ts';

/**
 * Migrating a fresh database costs every test file ~6 s on PGlite (WASM initdb + migrations) and ~1 s on PostgreSQL.
 * Instead one migrated template is made per version of the migrations and cloned per file: PGlite loads a
 * dumpDataDir() archive (~1 s), PostgreSQL copies with CREATE DATABASE … TEMPLATE. The template also carries
 * sb_test_reset(), the between-tests cleanup, so it is one round trip.
 */

/**
 * Deletes the rows of every table (foreign-key triggers off for the transaction, so order does not matter) and
 * restarts the sequences, as TRUNCATE … RESTART IDENTITY did, without its exclusive locks. The statements are written
 * out per table when the template is made, so PL/pgSQL plans each once per connection instead of on every call.
 */
async function installResetFunction(database: Database): Promise<void> {
  const rows = async <T>(q: string) => (await database.db.execute(sql.raw(q))) as unknown as { rows: T[] };
  const tables = (await rows<{ name: string }>(`select tablename as name from pg_tables where schemaname = current_schema() order by 1`))
    .rows;
  const sequences = (
    await rows<{ name: string; start: string }>(
      `select sequencename as name, start_value::text as start from pg_sequences where schemaname = current_schema() order by 1`,
    )
  ).rows;
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const body = [
    'set local session_replication_role = replica;',
    ...tables.map((t) => `delete from ${quote(t.name)};`),
    ...sequences.map((q) => `perform setval('${quote(q.name).replaceAll("'", "''")}', ${q.start}, false);`),
  ].join('\n  ');
  await database.db.execute(
    sql.raw(`create or replace function sb_test_reset() returns void language plpgsql as $fn$\nbegin\n  ${body}\nend $fn$`),
  );
}

const migrationsDir = path.resolve(import.meta.dirname, '../../server/db/migrations');

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = path.join(dir, name);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
}

/** Changes whenever a migration or the reset function changes, so a stale template is never used. */
const templateVersion = (() => {
  const hash = createHash('sha256').update(installResetFunction.toString());
  for (const file of filesUnder(migrationsDir)) hash.update(path.relative(migrationsDir, file)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
})();

async function prepare(database: Database): Promise<void> {
  await database.migrate();
  await installResetFunction(database);
}

let pglitePath: Promise<string> | undefined;

/** The PGlite template archive in the OS temp folder, made when missing (atomically: parallel makers do not clash). */
export function pgliteTemplatePath(): Promise<string> {
  pglitePath ??= (async () => {
    const file = path.join(tmpdir(), `switchboard-test-pglite-${templateVersion}.tar`);
    if (existsSync(file)) return file;
    const database = await openDatabase({ dataDir: '.', memory: true });
    try {
      await prepare(database);
      const dump = await database.pglite!.dumpDataDir('none');
      const partial = `${file}.${process.pid}.partial`;
      writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      renameSync(partial, file);
    } finally {
      await database.close();
    }
    return file;
  })();
  return pglitePath;
}

const postgresNames = new Map<string, Promise<string>>();

/** The template database on `adminUrl`'s server, made under an advisory lock when missing. */
export function postgresTemplateName(adminUrl: string): Promise<string> {
  let name = postgresNames.get(adminUrl);
  if (!name) {
    name = makePostgresTemplate(adminUrl);
    postgresNames.set(adminUrl, name);
  }
  return name;
}

async function makePostgresTemplate(adminUrl: string): Promise<string> {
  const name = `sb_template_${templateVersion}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`select pg_advisory_lock(hashtext('switchboard:test-template'))`);
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return name;
    // Built under another name and renamed when complete: a run killed half-way never leaves a broken template.
    const building = `${name}_building`;
    await admin.query(`drop database if exists ${building} with (force)`);
    await admin.query(`create database ${building}`);
    const url = new URL(adminUrl);
    url.pathname = `/${building}`;
    const database = await openDatabase({ url: url.toString(), dataDir: '.', poolSize: 1 });
    try {
      await prepare(database);
    } finally {
      await database.close();
    }
    await admin.query(`alter database ${building} rename to ${name}`);
    return name;
  } finally {
    await admin.end();
  }
}
