import type { Page } from 'playwright-core';
import type { InboundMessage } from '../../channels/types.ts';
import type { ServiceContext } from '../../server/context.ts';
import { systemActor } from '../../server/services/actor.ts';
import { createUser, type CreateUserInput } from '../../server/services/users/create-user.ts';
import type { Desks, PageOptions } from './browser.ts';

export const ADMIN = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse battery' };

/** First run: the console sends a fresh install to /setup; the admin lands in the inbox signed in. */
export async function setUpAdmin(page: Page): Promise<void> {
  await page.goto('/');
  await page.waitForURL('**/setup');
  await page.fill('input[name=name]', ADMIN.name);
  await page.fill('input[name=email]', ADMIN.email);
  await page.fill('input[name=password]', ADMIN.password);
  await page.click('button[type=submit]');
  await page.waitForURL('**/inbox**');
}

export async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL('**/inbox**');
  await page.locator('[data-testid=me]').waitFor();
}

/** A colleague who signs in with a password, added the way an admin adds one (createUser). */
export async function addPerson(ctx: ServiceContext, who: CreateUserInput) {
  return { ...(await createUser(ctx, systemActor('test'), who)), password: who.password };
}

/** A desk of its own (browser profile) for `who`, signed in through the login page. */
export async function signedInDesk(
  desks: Desks,
  desk: string,
  who: { email: string; password: string },
  opts?: PageOptions,
): Promise<Page> {
  const page = await desks.open(desk, opts);
  await logIn(page, who.email, who.password);
  return page;
}

/** POST /api/ingest as an integration would (Bearer API token). */
export async function ingestOverHttp(baseUrl: string, token: string, input: InboundMessage) {
  const res = await fetch(`${baseUrl}/api/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  if (res.status !== 201) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { ticketId: string; ticketNumber: number; messageId: string };
}

export const ticketRow = (page: Page, text: string) => page.locator('[data-testid=ticket-row]', { hasText: text });
export const thread = (page: Page) => page.locator('[data-testid=thread] [data-testid=message]');
export const history = (page: Page) => page.locator('[data-testid=history] li');

/** Waits until the history timeline has a line containing `text`. */
export async function historyShows(page: Page, text: string, timeout = 5_000): Promise<void> {
  await page.locator('[data-testid=history] li', { hasText: text }).first().waitFor({ timeout });
}

/**
 * Records, inside the page, the wall-clock time a ticket row with `text` is first rendered: what a person
 * would see, without the test runner's polling delay. Arm it before causing the change.
 */
export function watchForRow(page: Page, text: string, timeoutMs = 10_000) {
  const appearedAt = page.evaluate(
    ({ text, timeoutMs }) =>
      new Promise<number>((resolve, reject) => {
        // Runs in the page; the test project has no DOM typings, so the two browser globals are described here.
        const { document, MutationObserver } = globalThis as unknown as BrowserGlobals;
        const found = () => Array.from(document.querySelectorAll('[data-testid=ticket-row]')).some((r) => r.textContent?.includes(text));
        if (found()) return resolve(Date.now());
        const obs = new MutationObserver(() => {
          if (!found()) return;
          obs.disconnect();
          resolve(Date.now());
        });
        obs.observe(document.body, { childList: true, subtree: true, characterData: true });
        setTimeout(() => reject(new Error(`no row with "${text}" within ${timeoutMs} ms`)), timeoutMs);
      }),
    { text, timeoutMs },
  );
  // page.evaluate starts the observer before it resolves anything; one round trip makes sure it is installed.
  const armed = page.evaluate(() => true);
  return { appearedAt, armed };
}

interface BrowserGlobals {
  document: { body: unknown; querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> };
  MutationObserver: new (cb: () => void) => { observe(node: unknown, opts: object): void; disconnect(): void };
}
