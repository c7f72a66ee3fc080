import { existsSync } from 'node:fs';
import path from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (dir === path.dirname(dir)) throw new Error(`Switchboard: no package.json in ${from} or above it`);
  }
}

/**
 * The installation's root (the folder holding package.json). Files read at run time are found from here, not from
 * the reading module's folder: the compiled server is one bundle in dist/, where those relative paths do not hold.
 */
export const appRoot = findRoot(import.meta.dirname);

export const runtimePaths = {
  migrations: path.join(appRoot, 'server/db/migrations'),
  consoleBuild: path.join(appRoot, 'web/build'),
  widgetBundle: path.join(appRoot, 'channels/widget/client/dist/widget.js'),
};
