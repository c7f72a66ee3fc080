import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../test/support/free-port.ts';

const root = path.resolve(import.meta.dirname, '../..');

export interface BenchServer {
  pid: number;
  url: string;
  loopFile: string;
  stop(): Promise<void>;
}

/**
 * server/main.ts as its own process (so its memory and CPU are its own), with bench/support/server-probe.ts
 * preloaded. Resolves once it logs that it listens. `nodeArgs` e.g. ['--cpu-prof'].
 */
export async function startBenchServer(name: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<BenchServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `sb-bench-${name}-`));
  const loopFile = path.join(dataDir, 'loop.json');
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', '--import', './bench/support/server-probe.ts', 'server/main.ts'],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        DATA_DIR: dataDir,
        BENCH_LOOP_FILE: loopFile,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out = (out + c.toString('utf8')).slice(-20_000)));
  child.stderr!.on('data', (c: Buffer) => (out = (out + c.toString('utf8')).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (gone) throw new Error(`server ${name} exited before listening:\n${out}`);
    if (Date.now() > deadline) throw new Error(`server ${name} did not listen within 90 s:\n${out}`);
    const up = await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false,
    );
    if (up) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  return {
    pid: child.pid!,
    url: `http://127.0.0.1:${port}`,
    loopFile,
    async stop() {
      process.off('exit', kill);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(kill, 15_000);
      await exited;
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resident memory (bytes) and total CPU time (seconds, user + system) of a process, from /proc. */
export function procUsage(pid: number): { rss: number; cpuSeconds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command: state is field 3, utime 14, stime 15 (1-based over the whole line).
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rss: rssKb * 1024, cpuSeconds: ticks / 100 };
}

export function loopDelay(
  server: BenchServer,
): { p50: number; p99: number; max: number; mean: number; since: number; queries: number; statements: Array<[string, number]> } | null {
  try {
    return JSON.parse(readFileSync(server.loopFile, 'utf8'));
  } catch {
    return null;
  }
}

export function resetLoopDelay(server: BenchServer) {
  process.kill(server.pid, 'SIGUSR2');
}
