// Builds the console (web/) with Vite; later the widget bundle joins here.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const webConfig = path.join(root, 'web', 'vite.config.ts');
if (!existsSync(webConfig)) {
  console.log('build: web/ has no vite.config.ts yet, nothing to build');
  process.exit(0);
}
execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
  cwd: path.join(root, 'web'),
  stdio: 'inherit',
});
