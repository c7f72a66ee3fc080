import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { bootstrapWidgetInbox } from '../../server/services/inboxes/bootstrap-widget-inbox.ts';
import { browserWorld } from '../support/browser-world.ts';
import { setUpAdmin, ticketRow } from '../support/console.ts';

/** The end of a chat as both sides see it: times in the widget, the resolution and the rating in the agent's thread. */
const { server, desks } = browserWorld({ widget: true });
let agent: Page;

beforeAll(async () => {
  expect(await bootstrapWidgetInbox(server.ctx, { force: true })).toBeTruthy();
  agent = await desks.open('agent');
  await setUpAdmin(agent);
});

// Playwright's CSS locators pierce the widget's open shadow root.
const w = (page: Page, testId: string) => page.locator(`[data-testid=${testId}]`);
const events = (kind?: string) => agent.locator(kind ? `[data-testid=thread-event][data-kind=${kind}]` : '[data-testid=thread-event]');

async function write(page: Page, text: string) {
  await w(page, 'widget-input').fill(text);
  await w(page, 'widget-input').press('Enter');
  await page.locator('[data-testid=widget-message][data-status=sent]', { hasText: text }).waitFor();
}

async function customerWrites(name: string, text: string, locale = 'en-US'): Promise<Page> {
  const page = await desks.open(name, { locale });
  await page.goto('/widget-demo');
  await w(page, 'widget-launcher').click();
  await w(page, 'widget-prechat-skip').click();
  await write(page, text);
  return page;
}

async function openInConsole(text: string) {
  await agent.goto('/inbox?view=all');
  await ticketRow(agent, text).click({ timeout: 15_000 });
  await agent.waitForURL('**/inbox/**');
}

async function reply(text: string) {
  await agent.locator('[data-testid=composer-input]').fill(text);
  await agent.locator('[data-testid=composer-input]').press('Enter');
}

/** Thread rows in screen order: "m" for a message, the event kind (and status) for the rest. */
const threadOrder = () =>
  agent
    .locator('[data-testid=thread] > [data-testid=message], [data-testid=thread] > [data-testid=thread-event]')
    .evaluateAll((els) => els.map((e) => (e.getAttribute('data-testid') === 'message' ? 'm' : `${e.dataset.kind}:${e.dataset.to}`)));

describe('the end of a conversation', { timeout: 180_000 }, () => {
  let customer: Page;
  const first = 'The blender arrived without its lid';

  it('shows the time of every message and the day the chat started, in the visitor language', async () => {
    customer = await customerWrites('customer', first);
    await openInConsole(first);
    await reply('A lid is on its way today');
    const agentRow = customer.locator('[data-testid=widget-message][data-author=agent]', { hasText: 'A lid is on its way' });
    await agentRow.waitFor({ timeout: 15_000 });

    const times = await w(customer, 'widget-time').allTextContents();
    expect(times).toHaveLength(2);
    for (const time of times) expect(time).toMatch(/^\d{1,2}:\d{2}\s?(AM|PM)$/);
    const today = new Date().toLocaleDateString('en-US', { dateStyle: 'medium' });
    expect(await w(customer, 'widget-day').allTextContents()).toEqual([today]);
  });

  it('tells the visitor the conversation was resolved, keeps saying so after a reload, and the thread says who resolved it', async () => {
    await agent.locator('[data-testid=action-resolve]').click();
    await w(customer, 'widget-resolved').waitFor();
    expect(await w(customer, 'widget-resolved').textContent()).toMatch(/^This conversation was resolved · \d{1,2}:\d{2}\s?(AM|PM)$/);
    await customer.reload();
    await customer.locator('[data-testid=widget-message]', { hasText: first }).waitFor();
    await w(customer, 'widget-resolved').waitFor();

    await events('status_changed').waitFor();
    expect(await events('status_changed').locator('span').first().textContent()).toBe('Resolved by Ada Admin');
    expect(await threadOrder()).toEqual(['m', 'm', 'status_changed:resolved']);
  });

  it('shows the rating and comment where they arrived, and the reopening when the customer writes again', async () => {
    const asking = customer.locator('[data-testid=widget-csat][data-state=ask]');
    await asking.getByRole('button', { name: '4 of 5', exact: true }).click();
    await asking.getByRole('textbox').fill('Fast, but the lid is blue');
    await asking.getByRole('button', { name: 'Send' }).click();
    await customer.locator('[data-testid=widget-csat][data-state=thanks]').waitFor();

    const rated = events('csat_rated');
    await rated.waitFor({ timeout: 15_000 });
    expect(await rated.locator('span').first().textContent()).toBe(`${await customerLabel()} rated the service`);
    expect(await rated.locator('strong').textContent()).toBe('4/5');
    expect(await rated.locator('[data-testid=thread-event-comment]').textContent()).toBe('Fast, but the lid is blue');

    await write(customer, 'Sorry, one more thing: the manual is missing too');
    expect(await w(customer, 'widget-resolved').count()).toBe(0);
    await events('reopened').waitFor({ timeout: 15_000 });
    expect(await threadOrder()).toEqual(['m', 'm', 'status_changed:resolved', 'csat_rated:4', 'reopened:open', 'm']);
  });

  it('says all of it in Chinese', async () => {
    const text = '搅拌机的盖子不见了';
    const zh = await customerWrites('customer-zh', text, 'zh-CN');
    await openInConsole(text);
    await agent.locator('[data-testid=action-resolve]').click();
    await w(zh, 'widget-resolved').waitFor();
    expect(await w(zh, 'widget-resolved').textContent()).toMatch(/^本次对话已解决 · \d{1,2}:\d{2}$/);
    expect(await w(zh, 'widget-time').first().textContent()).toMatch(/^\d{1,2}:\d{2}$/);
    expect(await w(zh, 'widget-day').first().textContent()).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);

    await agent.locator('[data-testid=language-select]').selectOption('zh-CN');
    await events('status_changed').first().waitFor();
    await agent.locator('[data-testid=thread-event]', { hasText: 'Ada Admin 已将工单标记为已解决' }).waitFor();
  });
});

/** The name the console gives the anonymous visitor ("Visitor 4821"), read from the conversation's customer panel. */
async function customerLabel(): Promise<string | null> {
  return agent.locator('[data-testid=message][data-direction=in] .sender').first().textContent();
}
