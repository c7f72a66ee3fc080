import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { csatResponses, tickets } from '../../server/db/schema/index.ts';
import { bootstrapWidgetInbox } from '../../server/services/inboxes/bootstrap-widget-inbox.ts';
import { browserWorld } from '../support/browser-world.ts';
import { setUpAdmin, ticketRow } from '../support/console.ts';
import { until } from '../support/sockets.ts';

const { server, desks } = browserWorld({ widget: true });
let agent: Page;

beforeAll(async () => {
  expect(await bootstrapWidgetInbox(server.ctx, { force: true })).toBeTruthy();
  agent = await desks.open('agent');
  await setUpAdmin(agent);
});

// Playwright's CSS locators pierce the widget's open shadow root.
const w = (page: Page, testId: string) => page.locator(`[data-testid=${testId}]`);
const card = (page: Page, state?: string) =>
  page.locator(state ? `[data-testid=widget-csat][data-state=${state}]` : '[data-testid=widget-csat]');

async function write(page: Page, text: string) {
  await w(page, 'widget-input').fill(text);
  await w(page, 'widget-input').press('Enter');
  await page.locator('[data-testid=widget-message][data-status=sent]', { hasText: text }).waitFor();
}

/** The demo shop with the chat open in a browser profile of its own; default settings offer skippable pre-chat questions. */
async function customerWrites(name: string, text: string, locale?: string): Promise<Page> {
  const page = await desks.open(name, locale ? { locale } : {});
  await page.goto('/widget-demo');
  await w(page, 'widget-launcher').click();
  await w(page, 'widget-prechat-skip').click();
  await write(page, text);
  return page;
}

/** The agent opens the conversation in the console; returns its ticket id. */
async function openInConsole(text: string): Promise<string> {
  await agent.goto('/inbox?view=all');
  await ticketRow(agent, text).click({ timeout: 15_000 });
  await agent.waitForURL('**/inbox/**');
  return agent.url().split('/inbox/')[1]!.split(/[?#]/)[0]!;
}

async function act(action: 'resolve' | 'reopen') {
  await agent.locator(`[data-testid=action-${action}]`).click();
  // The buttons follow the status: resolved offers reopen, open offers resolve.
  await agent.locator(`[data-testid=action-${action === 'resolve' ? 'reopen' : 'resolve'}]`).waitFor();
}

const ratingsOf = (ticketId: string) =>
  server.ctx.db
    .select({
      rating: csatResponses.rating,
      comment: csatResponses.comment,
      channel: csatResponses.channel,
      resolvedAt: csatResponses.resolvedAt,
    })
    .from(csatResponses)
    .where(eq(csatResponses.ticketId, ticketId))
    .orderBy(asc(csatResponses.createdAt));
const resolvedAtOf = async (ticketId: string) =>
  (await server.ctx.db.select({ at: tickets.resolvedAt }).from(tickets).where(eq(tickets.id, ticketId)))[0]!.at;

async function rate(page: Page, stars: string, comment?: string) {
  const asking = card(page, 'ask');
  await asking.getByRole('button', { name: stars, exact: true }).click();
  if (comment) await asking.getByRole('textbox').fill(comment);
  await asking.getByRole('button', { name: /^(Send|发送)$/ }).click();
}

describe('CSAT in the chat widget', { timeout: 180_000 }, () => {
  let customer: Page;
  let context: BrowserContext;
  let ticketId = '';
  const first = 'My invoice shows the wrong address';

  it('asks in every open tab when the agent resolves the chat; a 4 with a comment is stored once and thanked everywhere', async () => {
    customer = await customerWrites('customer', first);
    context = customer.context();
    ticketId = await openInConsole(first);
    await act('resolve');

    const asking = card(customer, 'ask');
    await asking.waitFor();
    expect(await asking.textContent()).toContain('How would you rate our help?');
    const stars = asking.getByRole('group', { name: 'How would you rate our help?' }).getByRole('button');
    const labels: Array<string | null> = [];
    for (let i = 0, n = await stars.count(); i < n; i++) labels.push(await stars.nth(i).getAttribute('aria-label'));
    expect(labels).toEqual(['1 of 5', '2 of 5', '3 of 5', '4 of 5', '5 of 5']);
    // The comment box comes with a picked rating, so both go in the one answer the server takes.
    expect(await asking.getByRole('textbox').count()).toBe(0);

    // A second tab opened now is asked too (the server asks every tab that connects while the survey is open).
    const tab2 = await context.newPage();
    desks.pages.set('customer-tab2', tab2);
    await tab2.goto('/widget-demo');
    await w(tab2, 'widget-launcher').click();
    await card(tab2, 'ask').waitFor();

    await rate(customer, '4 of 5', 'Quick and friendly, thanks Ada');
    await card(customer, 'thanks').waitFor();
    expect(await card(customer).textContent()).toBe('Thank you for your rating!');
    await card(tab2, 'thanks').waitFor();

    expect(await ratingsOf(ticketId)).toEqual([
      { rating: 4, comment: 'Quick and friendly, thanks Ada', channel: 'widget', resolvedAt: await resolvedAtOf(ticketId) },
    ]);
    await tab2.close();
    desks.pages.delete('customer-tab2');
  });

  it('does not ask again after a reload once answered', async () => {
    await customer.reload();
    await customer.locator('[data-testid=widget-message]', { hasText: first }).waitFor();
    // The server asks right after its welcome; a reply the agent types now reaches the widget well after that.
    await agent.locator('[data-testid=composer-input]').fill('Glad I could help');
    await agent.locator('[data-testid=composer-input]').press('Enter');
    await customer
      .locator('[data-testid=widget-message][data-author=agent]', { hasText: 'Glad I could help' })
      .waitFor({ timeout: 15_000 });
    expect(await card(customer).count()).toBe(0);
    expect(await ratingsOf(ticketId)).toHaveLength(1);
  });

  it('asks again after the ticket is reopened and resolved again; writing on instead of rating withdraws the question', async () => {
    await act('reopen');
    await act('resolve');
    await card(customer, 'ask').waitFor();

    // The customer writes instead of rating: that reopens the ticket, so the question goes away.
    await write(customer, 'Actually, the PDF is still the old one');
    expect(await card(customer).count()).toBe(0);
    await until(
      async () =>
        (await server.ctx.db.select({ status: tickets.status }).from(tickets).where(eq(tickets.id, ticketId)))[0]?.status === 'open',
      'the ticket reopened by the reply',
    );

    await agent.locator('[data-testid=action-resolve]').waitFor();
    await act('resolve');
    await rate(customer, '5 of 5');
    await card(customer, 'thanks').waitFor();
    const stored = await ratingsOf(ticketId);
    expect(stored.map((r) => [r.rating, r.comment])).toEqual([
      [4, 'Quick and friendly, thanks Ada'],
      [5, null],
    ]);
    expect(stored[1]!.resolvedAt).toEqual(await resolvedAtOf(ticketId));
    expect(stored[1]!.resolvedAt.getTime()).toBeGreaterThan(stored[0]!.resolvedAt.getTime());
  });

  it('asks a Chinese visitor in Chinese', async () => {
    const text = '发票上的地址写错了';
    const zh = await customerWrites('customer-zh', text, 'zh-CN');
    const zhTicket = await openInConsole(text);
    await act('resolve');
    const asking = card(zh, 'ask');
    await asking.waitFor();
    expect(await asking.locator('p').first().textContent()).toBe('您对本次服务满意吗？');
    await asking.getByRole('button', { name: '3 分（满分 5 分）' }).click();
    expect(await asking.getByRole('textbox').getAttribute('placeholder')).toBe('还有什么想说的？（选填）');
    await rate(zh, '3 分（满分 5 分）', '回复有点慢');
    await card(zh, 'thanks').waitFor();
    expect(await card(zh).textContent()).toBe('感谢您的评价！');
    expect((await ratingsOf(zhTicket)).map((r) => [r.rating, r.comment])).toEqual([[3, '回复有点慢']]);
  });
});
