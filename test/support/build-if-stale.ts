// Run by ensureBuilt() while holding the build's lock: `node --import tsx build-if-stale.ts <console|widget>`.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { builds, isStale, root, type BuildName } from './builds.ts';

const name = process.argv[2] as BuildName;
const target = builds[name];
if (!target) throw new Error(`unknown build "${process.argv[2]}" (expected ${Object.keys(builds).join(' or ')})`);
if (isStale(target)) execFileSync(process.execPath, [path.join(root, target.script)], { cwd: root, stdio: 'inherit' });
