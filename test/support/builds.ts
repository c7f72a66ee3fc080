import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { builds, isStale, root, type BuildName } from '../../scripts/build-state.mjs';

export { builds, isStale, root, type BuildName, type BuildTarget } from '../../scripts/build-state.mjs';

/**
 * Builds when the output is missing (a fresh clone) or older than its sources, as `npm start` does. Test files run
 * in parallel: scripts/build.mjs checks staleness again under the lock, so a file that waited for another's build
 * does not rebuild (a second build empties the output folder under the first file's running browser).
 */
export function ensureBuilt(name: BuildName): string {
  if (isStale(builds[name])) {
    execFileSync(
      'flock',
      [`/tmp/switchboard-${name}-build.lock`, process.execPath, path.join(root, 'scripts/build.mjs'), name, '--quiet'],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
  }
  return path.join(root, builds[name].output);
}
