import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureBuilt } from './builds.ts';

const root = path.resolve(import.meta.dirname, '../..');

export interface AppNode {
  name: string;
  pid: number;
  url: string;
  /** Every JSON log line the process printed so far (pino). */
  logs: Array<Record<string, unknown> & { msg?: string }>;
  /** Everything else it printed (stderr, non-JSON lines): where a crash shows. */
  output: string[];
  /** The process is gone at once, as in a power cut: no shutdown hooks, leases left to expire. */
  kill(): Promise<void>;
  /** SIGTERM, waits for the clean stop. */
  stop(): Promise<void>;
  /** False once the process has exited (crashed, killed or stopped). */
  alive(): boolean;
}

/**
 * The real server as its own OS process, compiled (dist/server/main.js) as `npm start` and the Docker image run it, on a
 * free port with its own DATA_DIR (or the caller's `DATA_DIR`, kept after the node ends: a restart reuses it).
 * Resolves once it listens.
 */
export async function startAppNode(name: string, env: Record<string, string>, timeoutMs = 90_000): Promise<AppNode> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(path.join(tmpdir(), `sb-node-${name}-`));
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', ensureBuilt('server')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: AppNode['logs'] = [];
  const text: string[] = [];
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line));
      } catch {
        text.push(line);
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => text.push(chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node ${name} did not listen within ${timeoutMs} ms:\n${text.join('')}`)), timeoutMs);
    const check = setInterval(() => {
      const line = logs.find((l) => typeof l.port === 'number' && l.msg?.startsWith('Switchboard listening'));
      if (!line) return;
      clearInterval(check);
      clearTimeout(timer);
      resolve(line.port as number);
    }, 25);
    void exited.then((code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`node ${name} exited with ${code} before listening:\n${text.join('')}`));
    });
  });
  const cleanUp = () => (env.DATA_DIR ? undefined : rmSync(dataDir, { recursive: true, force: true }));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    name,
    pid: child.pid!,
    url: `http://127.0.0.1:${port}`,
    logs,
    output: text,
    async kill() {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      cleanUp();
    },
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      cleanUp();
    },
    alive: () => child.exitCode === null && child.signalCode === null,
  };
}
