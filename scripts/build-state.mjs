// What each build makes, from what, and whether it is stale. Used by scripts/build.mjs (npm start, npm run build)
// and by the tests' ensureBuilt(); types in build-state.d.mts.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');

/** The process and the commands npm scripts run (server/cli); each becomes dist/<same path>.js. */
export const serverEntryPoints = ['server/main.ts', 'server/cli/user-create.ts', 'server/cli/kb-reindex.ts'];

// `sources` are walked on every check (folders whole); the files a build read outside them are recorded by the
// build itself (recordedInputs), so an import of knowledge-base/ or channels/widget/protocol.ts needs no list here.
export const builds = {
  console: {
    name: 'console',
    output: 'web/build/200.html',
    sources: ['web/src', 'web/static', 'web/svelte.config.js', 'web/vite.config.ts', 'web/tsconfig.json'],
    script: 'scripts/build-web.mjs',
    tool: 'vite',
  },
  widget: {
    name: 'widget',
    output: 'channels/widget/client/dist/widget.js',
    sources: ['channels/widget/client/src', 'channels/widget/client/vite.config.ts'],
    script: 'scripts/build-widget.mjs',
    tool: 'vite',
  },
  server: {
    name: 'server',
    output: 'dist/server/main.js',
    sources: [...serverEntryPoints, 'tsconfig.json'],
    script: 'scripts/build-server.mjs',
    tool: 'esbuild',
  },
};

// Beside the server's output, not in node_modules: a production install (`npm ci --omit=dev`, no build tools) of a
// built tree must still find its builds up to date.
const recordFile = (name) => path.join(root, 'dist', 'inputs', `${name}.json`);

/** Remembers the project files a build read (paths relative to the root), adding to what this run recorded so far. */
export function recordInputs(name, files, { append = false } = {}) {
  const file = recordFile(name);
  const before = append && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify([...new Set([...before, ...files])].sort(), null, 1));
}

/** Called before a build: until it records anew, its output counts as stale (an interrupted build rebuilds). */
export function forgetInputs(name) {
  rmSync(recordFile(name), { force: true });
}

function recordedInputs(name) {
  const file = recordFile(name);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

/** Newest modification time under a path (files only); `missing` when it does not exist. */
function newest(p, missing) {
  let st;
  try {
    st = statSync(p);
  } catch {
    return missing;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(p).reduce((m, name) => Math.max(m, newest(path.join(p, name), 0)), 0);
}

/**
 * Stale when the output is missing, when nothing says what the last build read (an interrupted build, or one made
 * before builds recorded their inputs), or when any source is newer than the output or gone. A copy holding only
 * the output (the Docker image) is never stale: there is nothing to build from.
 */
export function isStale(target) {
  const output = path.join(root, target.output);
  if (!existsSync(output)) return true;
  if (target.sources.every((s) => !existsSync(path.join(root, s)))) return false;
  const inputs = recordedInputs(target.name);
  if (!inputs) return true;
  const builtAt = statSync(output).mtimeMs;
  const newestSource = Math.max(
    ...[...target.sources, target.script].map((s) => newest(path.join(root, s), 0)),
    ...inputs.map((s) => newest(path.join(root, s), Infinity)),
  );
  return newestSource > builtAt;
}

/** A Vite plugin for the console and widget builds: records the project files the bundle was made from. */
export function recordInputsPlugin(name) {
  const skip = /[\\/](node_modules|\.svelte-kit)[\\/]/;
  return {
    name: 'switchboard:record-inputs',
    apply: 'build',
    generateBundle() {
      const files = [...this.getModuleIds()]
        .map((id) => id.split('?')[0])
        .filter((f) => path.isAbsolute(f) && f.startsWith(root + path.sep) && !skip.test(f) && existsSync(f));
      // SvelteKit builds a server and a client environment in one run: each adds its own modules.
      recordInputs(
        name,
        files.map((f) => path.relative(root, f)),
        { append: true },
      );
    },
  };
}
