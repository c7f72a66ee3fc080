import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { Desks, launchBrowser } from './browser.ts';
import type { Env } from './context-world.ts';
import { late } from './late.ts';
import { ensureConsoleBuilt, type TestServer } from './server.ts';
import { serverWorld } from './server-world.ts';
import { ensureWidgetBuilt } from './widget-build.ts';

export interface BrowserWorldOptions {
  /**
   * The server's settings. A function when they come from a stand-in the file starts first, in a beforeAll hook
   * registered before browserWorld() (hooks run in the order they were registered): `() => ({ TELEGRAM_API_ROOT: api.apiRoot })`.
   */
  env?: Env;
  /** The pages embed the chat widget: build it when stale. */
  widget?: boolean;
  /** The pages are the console's: build it when stale (default). False for pages the server renders itself. */
  console?: boolean;
  /** Close every desk after each test, so each test opens its own. */
  closePagesAfterEach?: boolean;
}

export interface BrowserWorld {
  server: TestServer;
  /** A connection to the run's shared Chromium (closing it disconnects). */
  browser: Browser;
  /** The people at their desks (one browser profile each); a failing test leaves screenshots of every page. */
  desks: Desks;
}

/**
 * What every browser test file needs: the builds its pages load, the real server on a fresh database, a browser and
 * the desks, started in beforeAll and stopped in afterAll, with screenshots of every open page when a test fails.
 * The fields may be read in tests and in hooks registered after this call: `const { server, desks } = browserWorld()`.
 */
export function browserWorld(opts: BrowserWorldOptions = {}): BrowserWorld {
  // A build on a fresh clone takes minutes on a loaded 2-core machine.
  beforeAll(() => {
    if (opts.console ?? true) ensureConsoleBuilt();
    if (opts.widget) ensureWidgetBuilt();
  }, 300_000);
  const { server } = serverWorld(opts.env);
  const browser = late<Browser>('browserWorld().browser');
  const desks = late<Desks>('browserWorld().desks');
  beforeAll(async () => {
    browser.set(await launchBrowser());
    desks.set(new Desks(browser.value, server.url));
  });

  afterEach(async (ctx) => {
    const open = desks.get();
    if (!open) return;
    if (ctx.task.result?.state === 'fail') console.error('screenshots:', await open.capture(ctx.task.name));
    if (opts.closePagesAfterEach) await open.closeAll();
  });

  afterAll(async () => {
    await desks.get()?.closeAll();
    await browser.get()?.close();
  });

  return { server, browser: browser.value, desks: desks.value };
}
