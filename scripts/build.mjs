// `npm run build [-- console|widget|server ...] [--force] [--quiet]`: builds what is missing or older than its
// sources (all three by default); `npm start` runs it first, so a start after no change goes straight to the server.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { builds, isStale, root } from './build-state.mjs';

const args = process.argv.slice(2);
const force = args.includes('--force');
const quiet = args.includes('--quiet');
const names = args.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !(n in builds));
if (unknown.length) {
  console.error(`build: unknown build ${unknown.join(', ')} (expected ${Object.keys(builds).join(', ')})`);
  process.exit(2);
}

const targets = (names.length ? names : Object.keys(builds)).map((n) => builds[n]);
const stale = targets.filter((t) => force || isStale(t));
const missingTool = stale.find((t) => !existsSync(path.join(root, 'node_modules', t.tool)));
if (missingTool) {
  console.error(
    `build: the ${missingTool.name} needs building but ${missingTool.tool} is not installed (a production install?): run \`npm install\`, then \`npm run build\``,
  );
  process.exit(1);
}

function run(target) {
  const started = performance.now();
  console.log(`build: ${target.name}...`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, target.script)], { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`build: the ${target.name} build failed (its output is above)`));
      console.log(`build: ${target.name} built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      resolve();
    });
  });
}

const and = (list) => list.join(', ').replace(/, ([^,]*)$/, ' and $1');
// The console and the widget are separate Vite builds: side by side they finish sooner, even on 2 cores. A failed
// one lets the others finish rather than leave their Vite processes behind.
const failed = (await Promise.allSettled(stale.map(run))).filter((r) => r.status === 'rejected');
for (const { reason } of failed) console.error(reason.message);
if (failed.length) process.exit(1);
const upToDate = targets.filter((t) => !stale.includes(t)).map((t) => t.name);
if (upToDate.length && !quiet) {
  console.log(
    `build: ${and(upToDate)} ${upToDate.length > 1 ? 'are' : 'is'} up to date with the sources (\`npm run build -- --force\` rebuilds)`,
  );
}
