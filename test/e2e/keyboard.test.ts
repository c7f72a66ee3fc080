import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserWorld } from '../support/browser-world.ts';
import { setUpAdmin, thread } from '../support/console.ts';
import { buildTicket } from '../support/factories.ts';

/** An agent who never touches the mouse: shortcuts, Tab and Enter, with the focus visible at every step. */
const { server, desks } = browserWorld();
let agent: Page;

beforeAll(async () => {
  agent = await desks.open('agent');
  await setUpAdmin(agent);
  // Oldest first in the default sort ("waiting longest"): the older one is the first row.
  await buildTicket(server.ctx, { subject: 'Keyboard: the older question', text: 'Is the shop open on Sunday?' });
  await buildTicket(server.ctx, { subject: 'Keyboard: the newer question', text: 'Can I pay by invoice?' });
});

/** What has the focus, and whether it is drawn (an outline or a focus ring): "tag[testid] text", visible. */
const focused = () =>
  // Browser code as a string: the tests compile without the DOM's types.
  agent.evaluate<{ name: string; visible: boolean; testid: string }>(`(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return { name: 'body', visible: false, testid: '' };
    const style = getComputedStyle(el);
    const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    const name = el.tagName.toLowerCase() + '[' + (el.dataset.testid ?? '') + '] ' + (el.textContent ?? '').trim().slice(0, 40);
    return { name, visible, testid: el.dataset.testid ?? '' };
  })()`);

/** Presses Tab until the element with this test id has the focus; every stop on the way must show its focus. */
async function tabTo(testid: string, max = 80): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < max; i++) {
    await agent.keyboard.press('Tab');
    const f = await focused();
    expect(f.visible, `focus is not visible on ${f.name}`).toBe(true);
    stops.push(f.name);
    if (f.testid === testid) return stops;
  }
  throw new Error(`Tab never reached ${testid}; it went through: ${stops.join(' | ')}`);
}

const subject = () => agent.locator('[data-testid=ticket-subject]').textContent();

describe('the console by keyboard alone', { timeout: 120_000 }, () => {
  it('skips to the content, then moves through the inbox with j and k', async () => {
    await agent.goto('/inbox?view=all');
    await agent.locator('[data-testid=ticket-row]').nth(1).waitFor();
    await agent.keyboard.press('Tab');
    expect((await focused()).name).toContain('Skip to content');
    expect((await focused()).visible).toBe(true);
    await agent.keyboard.press('Enter');
    expect(await agent.evaluate<string | undefined>('document.activeElement?.id')).toBe('main');

    await agent.keyboard.press('j');
    await agent.waitForURL('**/inbox/**');
    await expect.poll(subject).toBe('Keyboard: the older question');
    await agent.keyboard.press('j');
    await expect.poll(subject).toBe('Keyboard: the newer question');
    await agent.keyboard.press('k');
    await expect.poll(subject).toBe('Keyboard: the older question');
  });

  it('writes and sends a reply, resolves with e, and reopens with Tab and Enter', async () => {
    await agent.keyboard.press('r');
    expect((await focused()).testid).toBe('composer-input');
    await agent.keyboard.type('Yes, from 10:00 to 16:00.');
    await agent.keyboard.press('Enter');
    await thread(agent).filter({ hasText: 'Yes, from 10:00 to 16:00.' }).waitFor();

    await agent.keyboard.press('Escape');
    await agent.keyboard.press('e');
    await expect.poll(() => agent.locator('[data-testid=ticket-status]').textContent()).toBe('Resolved');

    // From the top of the page, Tab reaches the status buttons; Enter presses the focused one.
    await agent.reload();
    await agent.locator('[data-testid=action-reopen]').waitFor();
    await tabTo('action-reopen', 150);
    await agent.keyboard.press('Enter');
    await expect.poll(() => agent.locator('[data-testid=ticket-status]').textContent()).toBe('Open');
  });

  it('shows the focus on every control on the way through a whole ticket screen', async () => {
    await agent.reload();
    await agent.locator('[data-testid=composer-send]').waitFor();
    const stops = await tabTo('composer-send', 150);
    expect(stops.length).toBeGreaterThan(10);
  });
});
