import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt, root } from '../support/builds.ts';
import { freePort, waitForPort } from '../support/free-port.ts';

// What `npm start` runs after its build step, and what the Docker image runs after `npm ci --omit=dev`.
const main = ensureBuilt('server');
const distDir = path.dirname(main);
let server: ChildProcess | undefined;
const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-dist-'));
afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill();
    await once(server, 'exit');
  }
  rmSync(dataDir, { recursive: true, force: true });
});

/** The npm packages the compiled files import (esbuild leaves every package as an import). */
function importedPackages(): Set<string> {
  const files = readdirSync(distDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
  // Static imports and re-exports start a line in esbuild's output; dynamic ones are `import("pkg")`.
  const imports = /^(?:import|export)\b[^"]*?"([^"]+)";$|\bimport\("([^"]+)"\)/gm;
  const specifiers = files.flatMap((f) => [...readFileSync(path.join(distDir, f), 'utf8').matchAll(imports)].map((m) => (m[1] ?? m[2])!));
  return new Set(
    specifiers
      .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtinModules.includes(s))
      .map((s) =>
        s
          .split('/')
          .slice(0, s.startsWith('@') ? 2 : 1)
          .join('/'),
      ),
  );
}

describe('the compiled server (dist/)', () => {
  it('imports only packages a production install has: dependencies, not devDependencies', () => {
    const { dependencies } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const packages = importedPackages();
    expect(packages.size).toBeGreaterThan(10);
    expect([...packages].filter((p) => !(p in dependencies))).toEqual([]);
  });

  it('starts on the embedded database and answers as ready, its migrations found from dist/', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const { DATABASE_URL: _ignored, ...env } = process.env;
    server = spawn(process.execPath, ['--enable-source-maps', main], {
      cwd: root,
      env: { ...env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    for (const stream of [server.stdout!, server.stderr!]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitForPort(port, 'node dist/server/main.js', 90_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${output}`);
    });
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: [{ name: 'database', ok: true, detail: 'pglite' }] });
  });
});
