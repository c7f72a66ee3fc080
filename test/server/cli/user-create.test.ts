import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inboxSchemas } from '../../../channels/inbox-schemas.ts';
import { loadConfig } from '../../../server/config.ts';
import type { ServiceContext } from '../../../server/context.ts';
import { openDatabase } from '../../../server/db/client.ts';
import { EventBus } from '../../../server/events.ts';
import { createLogger } from '../../../server/logger.ts';
import { createSecretBox } from '../../../server/security/secret-box.ts';
import { signIn } from '../../support/auth.ts';
import { ensureBuilt } from '../../support/builds.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { testEngine } from '../../support/db.ts';
import { buildApp, testApp } from '../../support/http.ts';

const root = path.resolve(import.meta.dirname, '../../..');
// The compiled command, as `npm run user:create` runs it (built first when its sources are newer).
const cli = path.join(path.dirname(ensureBuilt('server')), 'cli', 'user-create.js');
const dirs: string[] = [];
let t: TestContext | undefined;
afterAll(async () => {
  await t?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDataDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-cli-'));
  dirs.push(dir);
  return dir;
}

/** Runs the CLI the way `npm run user:create --` does, in a child process with only the given settings. */
function runCli(args: string[], env: Record<string, string>) {
  const { DATABASE_URL: _ignored, ...base } = process.env;
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--enable-source-maps', cli, ...args],
      { cwd: root, env: { ...base, LOG_LEVEL: 'silent', ...env }, timeout: 150_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The server's view of a PGlite folder the CLI wrote to (opened after the CLI exited and released the lock). */
async function openDataDir(dataDir: string) {
  const database = await openDatabase({ dataDir });
  await database.migrate();
  const ctx: ServiceContext = {
    db: database.db,
    driver: database.driver,
    config: loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
    log: createLogger('silent'),
    events: new EventBus(),
    secrets: createSecretBox('test-secret-key-test-secret-key-0123'),
    inboxSchemas,
    now: () => new Date(),
  };
  return { ctx, close: () => database.close() };
}

describe(`user:create (${testEngine()})`, () => {
  it('creates a user who can sign in, printing a generated password once', { timeout: 240_000 }, async () => {
    const dataDir = tempDataDir();
    const env: Record<string, string> = { DATA_DIR: dataDir };
    if (testEngine() === 'postgres') {
      t = await createTestContext();
      env.DATABASE_URL = t.database.url!;
    }
    const run = await runCli(['--email', ' Boss@Example.com ', '--role', 'admin', '--role', 'agent', '--name', 'The Boss'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Created admin, agent user boss@example.com/);
    const password = /Password \(shown only now\): (\S+)/.exec(run.stdout)?.[1];
    expect(password).toMatch(/^[\w-]{24}$/);

    const again = await runCli(['--email', 'boss@example.com', '--role', 'agent', '--password', 'another password'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/A user with email boss@example.com already exists/);

    const opened = t ? { ctx: t.ctx, close: async () => {} } : await openDataDir(dataDir);
    try {
      const app = testApp(buildApp(opened.ctx));
      const s = await signIn(app, 'boss@example.com', password!);
      const me = (await (await app.request('/api/auth/me', { headers: { cookie: s.cookie } })).json()) as { user: unknown };
      expect(me.user).toMatchObject({ name: 'The Boss', roles: ['admin', 'agent'] });
    } finally {
      await opened.close();
    }
  });

  // Argument and lock checks fail before any database is opened: the PostgreSQL project has nothing to add.
  if (testEngine() !== 'pglite') return;

  it('refuses bad arguments with exit code 2 and a clear message, before touching the database', { timeout: 120_000 }, async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--role', 'admin'], /--email is required/],
      [['--email', 'a@b.c', '--role', 'root'], /Invalid --role: roles may only contain admin, supervisor, agent, editor/],
      [['--email', 'a@b.c', '--role', 'agent', '--password', 'short'], /Invalid --password: password must be at least 10/],
      [['--email', 'a@b.c', '--role', 'agent', '--admin'], /Unknown option '--admin'/],
    ];
    const dataDir = tempDataDir();
    const runs = await Promise.all(cases.map(([args]) => runCli(args, { DATA_DIR: dataDir })));
    runs.forEach((run, i) => {
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(cases[i]![1]);
    });
    expect(existsSync(path.join(dataDir, 'pglite'))).toBe(false);
  });

  it('says to stop the server when it holds the embedded database', { timeout: 60_000 }, async () => {
    const dataDir = tempDataDir();
    // What a running server leaves: the lock file naming a live process (this test runner).
    writeFileSync(path.join(dataDir, 'pglite.lock'), String(process.pid));
    const run = await runCli(['--email', 'a@b.c', '--role', 'agent'], { DATA_DIR: dataDir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Switchboard is running on this data directory .*Stop the server.*console/s);
  });
});
