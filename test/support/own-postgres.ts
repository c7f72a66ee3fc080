import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDatabase } from '../../server/db/client.ts';
import type { TestDatabase } from './db.ts';
import { freePort } from './free-port.ts';

const run = promisify(execFile);
const BIN = '/usr/lib/postgresql/15/bin';

export interface OwnPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** pg_ctl stop: `fast` disconnects clients cleanly, `immediate` is a crash (recovery from WAL on start). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  restart(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops the server and deletes its data directory. */
  close(): Promise<void>;
}

/**
 * A throwaway PostgreSQL 15 server of a test's own (its own data directory and port), for tests that stop or
 * restart the database: the shared server on 5432 serves every other test and must never be touched.
 * initdb and pg_ctl refuse to run as root, so they run as the postgres user in a folder it owns.
 */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  if (!existsSync(`${BIN}/pg_ctl`)) throw new Error(`PostgreSQL 15 server binaries are missing (${BIN}): apt-get install -y postgresql-15`);
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-own-pg-'));
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  chownSync(dir, uid, gid);
  const data = path.join(dir, 'data');
  const asPostgres = (bin: string, args: string[]) => run('runuser', ['-u', 'postgres', '--', `${BIN}/${bin}`, ...args], { cwd: dir });
  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  // fsync off: a test machine's crash is not the point; a stopped or crashed server still recovers from its WAL.
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c full_page_writes=off -c max_connections=50`;
  const ctl = (...args: string[]) => asPostgres('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-o', opts, ...args]);
  await ctl('-w', '-t', '30', 'start');
  const stopOnExit = () => {
    try {
      execFileSync('runuser', ['-u', 'postgres', '--', `${BIN}/pg_ctl`, '-D', data, '-m', 'immediate', 'stop'], { stdio: 'ignore' });
    } catch {
      // not running
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A test file that dies in a hook never reaches close(): the server must not outlive the run.
  process.once('exit', stopOnExit);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop: async (mode = 'fast') => void (await ctl('-w', '-t', '30', '-m', mode, 'stop')),
    start: async () => void (await ctl('-w', '-t', '30', 'start')),
    restart: async (mode = 'fast') => void (await ctl('-w', '-t', '30', '-m', mode, 'restart')),
    async close() {
      process.off('exit', stopOnExit);
      await ctl('-m', 'immediate', 'stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A migrated TestDatabase on a server of the test's own (createTestContext(env, it)); reset is not offered. */
export async function databaseOn(url: string): Promise<TestDatabase> {
  const database = await openDatabase({ url, dataDir: '.', poolSize: 4 });
  await database.migrate();
  return {
    ...database,
    url,
    reset: () => Promise.reject(new Error('a database on an own server is not reset; start another server')),
    destroy: () => database.close(),
  };
}
