import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
export const widgetBundle = path.join(root, 'channels', 'widget', 'client', 'dist', 'widget.js');

function newest(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(p).reduce((m, name) => Math.max(m, newest(path.join(p, name))), 0);
}

/** Builds the widget when dist/widget.js is missing (a fresh clone) or older than its sources; otherwise reuses it. */
export function ensureWidgetBuilt(): string {
  const sources = ['channels/widget/client/src', 'channels/widget/client/vite.config.ts', 'channels/widget/protocol.ts'];
  const stale = () => !existsSync(widgetBundle) || statSync(widgetBundle).mtimeMs < Math.max(...sources.map((s) => newest(path.join(root, s))));
  if (!stale()) return widgetBundle;
  // Several test files (and people) may build at once; two vite builds into one dist/ break each other.
  execFileSync('flock', ['/tmp/switchboard-widget-build.lock', process.execPath, path.join(root, 'scripts', 'build-widget.mjs')], { cwd: root, stdio: 'inherit' });
  return widgetBundle;
}
