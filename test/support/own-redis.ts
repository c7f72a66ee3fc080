import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort, waitForPort } from './free-port.ts';

export interface OwnRedis {
  url: string;
  port: number;
  /** SIGKILL: Redis is gone at once, its clients see their connections drop. */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: nothing is saved). */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A throwaway redis-server on a free port, for tests that take Redis away: the shared one on 6379 serves every
 * other test and must never be stopped.
 */
export async function startOwnRedis(): Promise<OwnRedis> {
  if (spawnSync('redis-server', ['--version']).error) throw new Error('redis-server is not on PATH: apt-get install -y redis-server');
  const port = await freePort();
  let child: ChildProcess | null = null;
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const start = async () => {
    const p = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
      { stdio: 'ignore' },
    );
    child = p;
    const exited = new Promise<never>((_, reject) =>
      p.once('exit', (code) => reject(new Error(`redis-server exited with ${code} on start`))),
    );
    exited.catch(() => undefined);
    await Promise.race([waitForPort(port, 'redis-server'), exited]);
  };
  const stop = async () => {
    const p = child;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => p.once('exit', () => resolve()));
    p.kill('SIGKILL');
    await gone;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    start,
    async close() {
      process.off('exit', killOnExit);
      await stop();
    },
  };
}
