import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/start.ts';
import { ensureBuilt } from './builds.ts';
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

/** Builds the console when web/build is missing (a fresh clone) or older than its sources; otherwise reuses it. */
export function ensureConsoleBuilt(): void {
  ensureBuilt('console');
}
