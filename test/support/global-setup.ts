import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { launchSharedChromium } from './browser.ts';
import { pgliteTemplatePath, postgresTemplateName } from './db-template.ts';

/**
 * Once per run, before any test file: the migrated template databases every file clones (db-template.ts), so no
 * worker spends its first file's timeout making one, and one Chromium that the browser tests connect to
 * (launchBrowser) instead of starting their own.
 */
export default async function setup(): Promise<() => Promise<void>> {
  syncSvelteKit();
  const pgUrl = process.env.TEST_DATABASE_URL;
  const [chromium] = await Promise.all([
    existsSync('/usr/bin/chromium') ? launchSharedChromium() : undefined,
    pgliteTemplatePath(),
    pgUrl ? postgresTemplateName(pgUrl) : undefined,
  ]);
  if (chromium) process.env.SB_CHROMIUM_WS = chromium.wsEndpoint();
  return async () => {
    await chromium?.close();
  };
}

/**
 * Tests import console modules (web/src/lib), whose tsconfig extends the one `svelte-kit sync` writes; a fresh clone
 * has none until something builds or checks the console.
 */
function syncSvelteKit(): void {
  const web = path.resolve(import.meta.dirname, '../../web');
  if (existsSync(path.join(web, '.svelte-kit', 'tsconfig.json'))) return;
  execFileSync(process.execPath, [path.resolve(web, '../node_modules/@sveltejs/kit/svelte-kit.js'), 'sync'], {
    cwd: web,
    stdio: 'inherit',
  });
}
