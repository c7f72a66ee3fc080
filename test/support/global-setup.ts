import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { launchSharedChromium } from './browser.ts';
import { pgliteTemplatePath, postgresTemplateName } from './db-template.ts';
import { adminQuery, postgresTestPrefix } from './db.ts';

/**
 * Once per run, before any test file: the migrated template databases every file clones (db-template.ts), so no
 * worker spends its first file's timeout making one, and one Chromium that the browser tests connect to
 * (launchBrowser) instead of starting their own. Test databases on PostgreSQL are named after this run
 * (SB_TEST_RUN): workers keep emptied ones for their next file (db.ts), and the teardown drops what they kept.
 */
export default async function setup(): Promise<() => Promise<void>> {
  // Vitest calls a global setup once for the root project and once for each project with files to run (pglite,
  // postgres), one after another, in this one process: the first call does the work, the others share it, and the
  // last teardown undoes it.
  const shared = ((globalThis as SharedHolder)[sharedKey] ??= { users: 0, ready: start() });
  shared.users++;
  await shared.ready;
  return async () => {
    if (--shared.users > 0) return;
    delete (globalThis as SharedHolder)[sharedKey];
    await (
      await shared.ready
    )();
  };
}

const sharedKey = Symbol.for('switchboard.test.global-setup');
type SharedHolder = { [sharedKey]?: { users: number; ready: Promise<() => Promise<void>> } };

async function start(): Promise<() => Promise<void>> {
  syncSvelteKit();
  const pgUrl = process.env.TEST_DATABASE_URL;
  const run = (process.env.SB_TEST_RUN = randomBytes(4).toString('hex'));
  const [chromium] = await Promise.all([
    existsSync('/usr/bin/chromium') ? launchSharedChromium() : undefined,
    pgliteTemplatePath(),
    pgUrl ? postgresTemplateName(pgUrl) : undefined,
  ]);
  if (chromium) process.env.SB_CHROMIUM_WS = chromium.wsEndpoint();
  return async () => {
    await chromium?.close();
    if (pgUrl) await dropRunDatabases(pgUrl, postgresTestPrefix(run));
  };
}

async function dropRunDatabases(url: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const found = await client.query<{ name: string }>('select datname as name from pg_database where starts_with(datname, $1)', [prefix]);
    for (const { name } of found.rows) await adminQuery(url, `drop database if exists ${name} with (force)`);
  } finally {
    await client.end();
  }
}

/**
 * Tests import console modules (web/src/lib), whose tsconfig extends the one `svelte-kit sync` writes; a fresh clone
 * has none until something builds or checks the console.
 */
function syncSvelteKit(): void {
  const web = path.resolve(import.meta.dirname, '../../web');
  if (existsSync(path.join(web, '.svelte-kit', 'tsconfig.json'))) return;
  execFileSync(process.execPath, [path.resolve(web, '../node_modules/@sveltejs/kit/svelte-kit.js'), 'sync'], {
    cwd: web,
    stdio: 'inherit',
  });
}
