import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserWorld } from '../support/browser-world.ts';
import { setUpAdmin, thread, ticketRow } from '../support/console.ts';
import { buildTicket } from '../support/factories.ts';

/** The console on a phone, 390 × 844 CSS pixels (an iPhone 12-15): nothing wider than the screen, one pane at a time. */
const { server, desks } = browserWorld();
const PHONE = { width: 390, height: 844 };
let agent: Page;

const SUBJECT = 'Replacement charger for order 88231 never arrived at the pick-up point';

beforeAll(async () => {
  agent = await desks.open('agent', { viewport: PHONE });
  await setUpAdmin(agent);
  await buildTicket(server.ctx, { subject: SUBJECT, text: `${'Averyveryverylongwordwithoutanybreaks'.repeat(4)} and a normal sentence.` });
  await buildTicket(server.ctx, { subject: '手机充电器没有收到', text: '我的订单一直没有到' });
});

/**
 * What sticks out to the right of the screen, as tag.class[testid] and its right edge: anything the user would have to
 * scroll sideways to see, whether the page or an inner pane would scroll. A wide table may scroll sideways inside
 * itself (or a box marked data-scroll-x): a table of numbers is still readable that way; nothing else may.
 */
async function overflow(page: Page): Promise<{ scrollWidth: number; offenders: string[] }> {
  // Browser code as a string: the tests compile without the DOM's types.
  return page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    const offenders = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 1) continue;
      let box = el.parentElement;
      while (box && !(box.matches('[data-scroll-x], table') && getComputedStyle(box).overflowX === 'auto' && box.getBoundingClientRect().right <= width + 1)) box = box.parentElement;
      if (box) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.position === 'fixed') continue;
      offenders.push(el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + '[' + (el.dataset.testid ?? '') + '] right=' + Math.round(r.right));
    }
    return { scrollWidth: document.documentElement.scrollWidth, offenders: offenders.slice(0, 6) };
  })()`);
}

async function expectFits(page: Page, path: string, ready: string) {
  if (path !== page.url().replace(/^https?:\/\/[^/]+/, '')) await page.goto(path);
  await page.locator(ready).first().waitFor();
  const found = await overflow(page);
  expect(found.scrollWidth, `${path} scrolls sideways`).toBeLessThanOrEqual(PHONE.width);
  expect(found.offenders, `${path} has content wider than the screen`).toEqual([]);
}

describe('the console on a 390 px wide phone', { timeout: 180_000 }, () => {
  it('fits the main pages without scrolling sideways', async () => {
    const pages: Array<[string, string]> = [
      ['/inbox?view=all', '[data-testid=ticket-row]'],
      ['/dashboard', 'main h1, h1'],
      ['/reports', 'h1'],
      ['/kb', 'h1'],
      ['/canned', 'h1'],
      ['/profile', 'h1'],
      ['/admin/users', '[data-testid=users]'],
      ['/admin/teams', 'h1, h2'],
      ['/admin/routing', 'h1, h2'],
      ['/admin/sla', 'h1, h2'],
      ['/admin/widget', 'h1, h2'],
      ['/admin/mailboxes', 'h1, h2'],
      ['/admin/roles', 'h1, h2'],
      ['/admin/calendars', 'h1, h2'],
      ['/admin/telegram', 'h1, h2'],
      ['/kb/new', 'h1'],
      ['/kb/categories', 'h1'],
      ['/kb/synonyms', 'h1'],
      ['/customers', '[data-testid=customer-row]'],
      ['/search?q=charger', '[data-testid=search-results], [data-testid=search-none]'],
      ['/new', 'h1'],
      ['/admin/tickets', '[data-testid=auto-close-days]'],
      ['/macros', '[data-testid=macro-form]'],
      ['/admin/automation', '[data-testid=rule-list]'],
    ];
    const problems: Record<string, string[]> = {};
    for (const [path, ready] of pages) {
      await agent.goto(path);
      await agent.locator(ready).first().waitFor();
      const found = await overflow(agent);
      if (found.scrollWidth > PHONE.width || found.offenders.length)
        problems[path] = [`scrollWidth ${found.scrollWidth}`, ...found.offenders];
    }
    expect(problems).toEqual({});
  });

  it('shows the list or the ticket, opens a ticket, replies from the composer and goes back to the list', async () => {
    await agent.goto('/inbox?view=all');
    await ticketRow(agent, SUBJECT).click();
    await agent.waitForURL('**/inbox/**');
    await agent.locator('[data-testid=composer-input]').waitFor();
    // One pane at a time: the list is gone while the ticket is open.
    expect(await agent.locator('[data-testid=ticket-list]').isVisible()).toBe(false);
    await expectFits(agent, agent.url().replace(/^https?:\/\/[^/]+/, ''), '[data-testid=thread] [data-testid=message]');
    await agent.getByRole('button', { name: 'Details' }).click();
    await agent.locator('[data-testid=history]').waitFor();
    expect((await overflow(agent)).offenders).toEqual([]);
    await agent.getByRole('button', { name: 'Details' }).click();

    await agent.locator('[data-testid=composer-input]').fill('We are sending a new charger by courier today.');
    await agent.locator('[data-testid=composer-send]').click();
    await thread(agent).filter({ hasText: 'We are sending a new charger' }).waitFor();
    expect((await overflow(agent)).offenders).toEqual([]);

    await agent.getByRole('link', { name: 'Back', exact: true }).click();
    await agent.waitForURL(/\/inbox\?view=all$/);
    await ticketRow(agent, '手机充电器').waitFor();
  });

  it('keeps the navigation behind a menu button', async () => {
    await agent.goto('/inbox?view=all');
    const menu = agent.getByRole('button', { name: 'Menu' });
    expect(await agent.locator('[data-testid=nav-dashboard]').isVisible()).toBe(false);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    // The focus moves into the menu, and Escape gives it back to the button.
    await expect.poll(() => agent.evaluate<boolean>(`!!document.activeElement?.closest('#console-nav')`)).toBe(true);
    await agent.keyboard.press('Escape');
    await agent.locator('[data-testid=nav-dashboard]').waitFor({ state: 'hidden' });
    expect(await agent.evaluate<string | undefined>(`document.activeElement?.getAttribute('aria-controls')`)).toBe('console-nav');
    await menu.click();
    await agent.locator('[data-testid=nav-dashboard]').click();
    await agent.waitForURL('**/dashboard');
    // Following a link closes the menu.
    await agent.locator('[data-testid=nav-dashboard]').waitFor({ state: 'hidden' });
    await expectFits(agent, '/dashboard', 'h1');
  });
});
