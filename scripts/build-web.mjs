// Builds the console (web/, SvelteKit with adapter-static) into web/build/.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { forgetInputs, root } from './build-state.mjs';

const web = path.join(root, 'web');
forgetInputs('console');
// web/tsconfig.json extends .svelte-kit/tsconfig.json, which `svelte-kit sync` writes: on a fresh clone Vite would
// warn that the base is missing.
execFileSync(process.execPath, [path.join(root, 'node_modules', '@sveltejs', 'kit', 'svelte-kit.js'), 'sync'], {
  cwd: web,
  stdio: 'inherit',
});
const vite = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
  cwd: web,
  stdio: ['inherit', 'pipe', 'inherit'],
  encoding: 'utf8',
});
// Warnings and errors go to stderr untouched; stdout only carries SvelteKit's and the adapter's chatter, which would
// tell a newcomer to run `npm run preview` (not how Switchboard serves the console).
const chatter = /^\s*$|npm run preview|^> Using @sveltejs\/adapter-static|Wrote site to|✔ done/;
const kept = (vite.stdout ?? '').split('\n').filter((line) => !chatter.test(line));
if (kept.length) console.log(kept.join('\n'));
if (vite.status !== 0) process.exit(vite.status ?? 1);
