import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/start.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export interface TestServer extends RunningServer {
  database: TestDatabase;
  dataDir: string;
  /** Empties the database between tests (the server keeps running). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real system as `npm start` composes it (startServer), on a free port, with a temp DATA_DIR and a test
 * database (in-memory PGlite, or a throwaway PostgreSQL database when TEST_DB_ENGINE=postgres).
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-server-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SECRET_KEY: 'test-secret-key-test-secret-key-0123',
    ...env,
  });
  const server = await startServer(config, { database });
  return {
    ...server,
    database,
    dataDir,
    reset: () => database.reset(),
    async stop() {
      await server.close();
      await database.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const root = path.resolve(import.meta.dirname, '../..');

/** Newest modification time under a path (files only). */
function newest(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(p).reduce((m, name) => Math.max(m, newest(path.join(p, name))), 0);
}

/** Builds the console when web/build is missing (a fresh clone) or older than its sources; otherwise reuses it. */
export function ensureConsoleBuilt(): void {
  const page = path.join(root, 'web', 'build', '200.html');
  const sources = ['web/src', 'web/static', 'web/svelte.config.js', 'web/vite.config.ts', 'server/realtime/events.ts'];
  if (existsSync(page) && statSync(page).mtimeMs >= Math.max(...sources.map((s) => newest(path.join(root, s))))) return;
  // Test files (and people) build at the same time; two vite builds in web/ at once break each other.
  execFileSync('flock', ['/tmp/switchboard-web-build.lock', process.execPath, path.join(root, 'scripts', 'build-web.mjs')], { cwd: root, stdio: 'inherit' });
}
