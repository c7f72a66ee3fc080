import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');

/** A build the browser tests need: its output file, the sources it is made from and the script that makes it. */
export interface BuildTarget {
  output: string;
  sources: string[];
  script: string;
}

export const builds = {
  console: {
    output: 'web/build/200.html',
    sources: ['web/src', 'web/static', 'web/svelte.config.js', 'web/vite.config.ts', 'server/realtime/events.ts'],
    script: 'scripts/build-web.mjs',
  },
  widget: {
    output: 'channels/widget/client/dist/widget.js',
    sources: ['channels/widget/client/src', 'channels/widget/client/vite.config.ts', 'channels/widget/protocol.ts'],
    script: 'scripts/build-widget.mjs',
  },
} satisfies Record<string, BuildTarget>;
export type BuildName = keyof typeof builds;

/** Newest modification time under a path (files only). */
function newest(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(p).reduce((m, name) => Math.max(m, newest(path.join(p, name))), 0);
}

export function isStale(target: BuildTarget): boolean {
  const output = path.join(root, target.output);
  return !existsSync(output) || statSync(output).mtimeMs < Math.max(...target.sources.map((s) => newest(path.join(root, s))));
}

/**
 * Builds when the output is missing (a fresh clone) or older than its sources. Test files run in parallel: the
 * staleness is checked again under the lock (build-if-stale.ts), so a file that waited for another's build does not
 * rebuild — a second build empties the output folder under the first file's running browser.
 */
export function ensureBuilt(name: BuildName): string {
  const target = builds[name];
  if (isStale(target)) {
    execFileSync('flock', [`/tmp/switchboard-${name}-build.lock`, process.execPath, '--import', 'tsx', path.join(root, 'test/support/build-if-stale.ts'), name], {
      cwd: root,
      stdio: 'inherit',
    });
  }
  return path.join(root, target.output);
}
