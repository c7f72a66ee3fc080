import { existsSync } from 'node:fs';
import { launchSharedChromium } from './browser.ts';
import { pgliteTemplatePath, postgresTemplateName } from './db-template.ts';

/**
 * Once per run, before any test file: the migrated template databases every file clones (db-template.ts), so no
 * worker spends its first file's timeout making one, and one Chromium that the browser tests connect to
 * (launchBrowser) instead of starting their own.
 */
export default async function setup(): Promise<() => Promise<void>> {
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
