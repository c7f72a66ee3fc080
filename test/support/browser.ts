import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserServer, type Download, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const resultsDir = path.resolve(import.meta.dirname, '../../test-results');

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function checkChromium(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`apt-get install -y chromium\` (.ci/run does it)`);
}

/** One Chromium for a whole test run (global-setup.ts); each file connects to it with browsers of its own. */
export async function launchSharedChromium(): Promise<BrowserServer> {
  checkChromium();
  return chromium.launchServer({ executablePath: CHROMIUM, args: chromiumArgs });
}

/**
 * Debian's Chromium, headless (never a downloaded browser: `apt-get install -y chromium`). Under vitest this is a
 * connection to the run's shared Chromium (closing it disconnects; contexts keep files apart); elsewhere (bench/) a
 * browser of its own.
 */
export async function launchBrowser(): Promise<Browser> {
  const shared = process.env.SB_CHROMIUM_WS;
  if (shared) return chromium.connect(shared);
  checkChromium();
  return chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs });
}

export interface PageOptions {
  locale?: string;
  timezoneId?: string;
  viewport?: { width: number; height: number };
}

/**
 * A separate browser profile (own cookies) per person, like two agents at two desks. Pages are remembered so
 * a failing test can screenshot all of them.
 */
export class Desks {
  readonly contexts: BrowserContext[] = [];
  readonly pages = new Map<string, Page>();

  constructor(
    private readonly browser: Browser,
    private readonly baseURL: string,
  ) {}

  async open(name: string, opts: PageOptions = {}): Promise<Page> {
    const context = await this.browser.newContext({
      baseURL: this.baseURL,
      locale: opts.locale ?? 'en-US',
      timezoneId: opts.timezoneId ?? 'Europe/Berlin',
      viewport: opts.viewport ?? { width: 1400, height: 900 },
    });
    this.contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (err) => console.error(`[${name}] page error: ${err.message}`));
    this.pages.set(name, page);
    return page;
  }

  /** Screenshots of every open page into test-results/, named after the test. */
  async capture(testName: string): Promise<string[]> {
    mkdirSync(resultsDir, { recursive: true });
    const slug = testName.replace(/[^\w-]+/g, '-').slice(0, 80);
    const files: string[] = [];
    for (const [name, page] of this.pages) {
      if (page.isClosed()) continue;
      const file = path.join(resultsDir, `${slug}-${name}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      files.push(file);
    }
    return files;
  }

  /** A screenshot kept on success too (test-results/<name>.png): how a screen looks after a run, for people. */
  async keep(page: Page, name: string): Promise<string> {
    mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }

  async closeAll(): Promise<void> {
    for (const c of this.contexts.splice(0)) await c.close().catch(() => undefined);
    this.pages.clear();
  }
}

/** The fetch a signed-in console tab makes, with the session's CSRF token: for "does the API refuse this" checks. */
export function fetchAsPage(page: Page, method: string, url: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const status = (await (await fetch('/api/auth/status')).json()) as { csrfToken?: string | null };
      const res = await fetch(url, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': status.csrfToken ?? '' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    { method, url, body },
  );
}

/**
 * The text of a file the page downloaded. The browser runs in another process (the run's shared Chromium), where
 * download.path() is not available: the file is saved into a temp folder of ours first.
 */
export async function downloadedText(download: Download): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-download-'));
  try {
    const file = path.join(dir, download.suggestedFilename() || 'download');
    await download.saveAs(file);
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
