import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { messages } from '../../server/db/schema/index.ts';
import { bootstrapWidgetInbox } from '../../server/services/inboxes/bootstrap-widget-inbox.ts';
import { browserWorld } from '../support/browser-world.ts';
import { ADMIN, setUpAdmin, thread, ticketRow } from '../support/console.ts';
import { until } from '../support/sockets.ts';

const { server, desks } = browserWorld({ widget: true, env: { PRESENCE_GRACE_SECONDS: '1' } });

// Playwright's CSS locators pierce the widget's open shadow root.
const w = (page: Page, testId: string) => page.locator(`[data-testid=${testId}]`);
const customerBubbles = (page: Page) =>
  page.locator('[data-testid=widget-message][data-author=customer] [data-testid=widget-message-text]');
const inThread = (page: Page, text: string) => page.locator('[data-testid=thread] [data-testid=message]', { hasText: text });

async function write(page: Page, text: string) {
  const input = w(page, 'widget-input');
  await input.fill(text);
  await input.press('Enter');
}

// Run inside the page; the test project has no DOM typings, so the browser globals used are described here.
interface PageGlobals {
  localStorage: { length: number; key(i: number): string | null; getItem(k: string): string | null };
  getComputedStyle(el: unknown): { backgroundColor: string; borderTopWidth: string };
}

/** The visitor's outbox entries in localStorage, per inbox key. */
const outboxes = (page: Page) =>
  page.evaluate(() => {
    const ls = (globalThis as unknown as PageGlobals).localStorage;
    const out: Record<string, Array<{ text: string }>> = {};
    for (let i = 0; i < ls.length; i++) {
      const key = ls.key(i)!;
      if (key.startsWith('switchboard.widget.outbox.')) out[key] = JSON.parse(ls.getItem(key)!) as Array<{ text: string }>;
    }
    return out;
  });

/** Fails the test if anything on the page runs an injected alert(). */
function forbidDialogs(page: Page, who: string) {
  page.on('dialog', (d) => {
    void d.dismiss();
    throw new Error(`[${who}] a dialog opened: ${d.message()}`);
  });
}

// Two people at two browsers against a real server; on a loaded 2-core machine each step takes a while.
describe('web chat widget, customer and agent live', { timeout: 180_000 }, () => {
  let agent: Page;
  let customer: Page;
  let customerContext: BrowserContext;
  let ticketId = '';
  const first = 'Hello, my order #4411 has not arrived yet';

  it("a customer on the demo site chats with an agent in the console: ticket, reply with the agent's name, typing both ways, Seen", async () => {
    const inboxId = await bootstrapWidgetInbox(server.ctx, { force: true });
    expect(inboxId).toBeTruthy();
    customer = await desks.open('customer', { viewport: { width: 1100, height: 800 } });
    customerContext = desks.contexts.at(-1)!;
    forbidDialogs(customer, 'customer');
    await customer.goto('/widget-demo');
    expect(await customer.locator(`script[src="/widget.js"][data-inbox="${inboxId}"]`).count()).toBe(1);
    const launcher = w(customer, 'widget-launcher');
    // The demo shop styles every button yellow with a thick border; the widget's launcher keeps the inbox colour.
    const style = await launcher.evaluate((el) => {
      const css = (globalThis as unknown as PageGlobals).getComputedStyle(el);
      return [css.backgroundColor, css.borderTopWidth];
    });
    expect(style).toEqual(['rgb(31, 111, 235)', '0px']);
    await launcher.click();
    await w(customer, 'widget-greeting').waitFor();
    expect(await w(customer, 'widget-greeting').textContent()).toBe('Hi! How can we help you today?');

    // Nobody has even signed up yet: the widget says so. Default settings ask for name and email, both optional.
    // With no mailbox to send from, it promises an answer here rather than by email.
    await customer.locator('[data-testid=widget-availability][data-online=false]').waitFor();
    await w(customer, 'widget-prechat-name').fill('Wang Fang');
    await w(customer, 'widget-prechat-submit').click();
    await w(customer, 'widget-prechat').waitFor({ state: 'detached' });
    expect((await w(customer, 'widget-away').innerText()).trim()).toBe('Leave us a message: we will answer here as soon as we are back.');
    expect(await w(customer, 'widget-email-input').count()).toBe(0);

    agent = await desks.open('agent');
    forbidDialogs(agent, 'agent');
    await setUpAdmin(agent);
    await customer.locator('[data-testid=widget-availability][data-online=true]').waitFor({ timeout: 15_000 });
    await write(customer, first);
    await customer.locator('[data-testid=widget-message][data-status=sent]', { hasText: first }).waitFor();

    await agent.goto('/inbox?view=all');
    await ticketRow(agent, first).click({ timeout: 15_000 });
    await agent.waitForURL('**/inbox/**');
    ticketId = agent.url().split('/inbox/')[1]!.split(/[?#]/)[0]!;
    await inThread(agent, first).waitFor();
    expect(await agent.locator('body').textContent()).toContain('Wang Fang');
    // The panel names the visitor as they introduced themselves; their visitor id is ours, not for agents to read.
    const panel = agent.locator('[data-testid=customer-panel]');
    expect(await panel.locator('[data-testid=customer-name]').textContent()).toBe('Wang Fang');
    expect(await panel.innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/);

    // The agent has the conversation open: the customer's message shows as seen.
    await w(customer, 'widget-seen').waitFor({ timeout: 15_000 });
    expect(await w(customer, 'widget-seen').textContent()).toBe('Seen');

    await w(customer, 'widget-input').pressSequentially('Tracking says');
    await agent.locator('[data-testid=typing-indicator]', { hasText: 'The customer is typing' }).waitFor();

    const composer = agent.locator('[data-testid=composer-input]');
    await composer.click();
    await composer.pressSequentially('Sorry about that');
    await w(customer, 'widget-typing').waitFor();
    expect(await w(customer, 'widget-typing').textContent()).toBe(`${ADMIN.name} is typing…`);
    await composer.pressSequentially(', we are checking with the courier: https://track.example/4411');
    await composer.press('Enter');
    const reply = customer.locator('[data-testid=widget-message][data-author=agent]', { hasText: 'checking with the courier' });
    await reply.waitFor();
    expect(await reply.locator('[data-testid=widget-agent-name]').textContent()).toBe(ADMIN.name);
    expect(await reply.locator('a').getAttribute('href')).toBe('https://track.example/4411');
    await w(customer, 'widget-typing').waitFor({ state: 'detached' });
  });

  it('a second tab of the same visitor shows each message once; a reload keeps the conversation', async () => {
    const tab2 = await customerContext.newPage();
    desks.pages.set('customer-tab2', tab2);
    await tab2.goto('/widget-demo');
    // The panel stays open per tab (sessionStorage); the conversation comes with the visitor token (localStorage).
    await w(tab2, 'widget-launcher').click();
    await tab2.locator('[data-testid=widget-message]', { hasText: first }).waitFor();
    await write(customer, 'Sent from the first tab');
    await tab2.locator('[data-testid=widget-message]', { hasText: 'Sent from the first tab' }).waitFor();
    await customer.locator('[data-testid=widget-message][data-status=sent]', { hasText: 'Sent from the first tab' }).waitFor();
    expect(await tab2.locator('[data-testid=widget-message]', { hasText: 'Sent from the first tab' }).count()).toBe(1);
    expect(await customer.locator('[data-testid=widget-message]', { hasText: 'Sent from the first tab' }).count()).toBe(1);
    await tab2.close();
    desks.pages.delete('customer-tab2');

    await customer.reload();
    await w(customer, 'widget-panel').waitFor();
    await customer.locator('[data-testid=widget-message][data-author=agent]', { hasText: 'checking with the courier' }).waitFor();
    expect(await customerBubbles(customer).allTextContents()).toEqual([first, 'Sent from the first tab']);
    await inThread(agent, 'Sent from the first tab').waitFor();
  });

  it('messages written while offline show as sending, then arrive exactly once and in order', async () => {
    await customerContext.setOffline(true);
    // Offline emulation does not cut an open WebSocket: the server drops it, as a real network loss would.
    for (const s of await server.realtime.io.of('/widget').fetchSockets()) s.disconnect(true);
    await w(customer, 'widget-reconnecting').waitFor();
    await write(customer, 'Offline one');
    await write(customer, 'Offline two');
    const sending = customer.locator('[data-testid=widget-message][data-status=sending]');
    await until(async () => (await sending.count()) === 2, 'both offline messages marked sending');
    expect(await sending.locator('[data-testid=widget-message-text]').allTextContents()).toEqual(['Offline one', 'Offline two']);
    expect(
      Object.values(await outboxes(customer))
        .flat()
        .map((m) => m.text),
    ).toEqual(['Offline one', 'Offline two']);

    await customerContext.setOffline(false);
    await w(customer, 'widget-reconnecting').waitFor({ state: 'detached', timeout: 20_000 });
    await until(async () => (await sending.count()) === 0, 'the offline messages acknowledged', 20_000);
    expect(await customerBubbles(customer).allTextContents()).toEqual([first, 'Sent from the first tab', 'Offline one', 'Offline two']);

    await inThread(agent, 'Offline two').waitFor();
    const texts = await agent.locator('[data-testid=thread] [data-testid=message][data-direction=in]').allTextContents();
    expect(texts.filter((t) => t.includes('Offline one'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('Offline two'))).toHaveLength(1);
    expect(texts.findIndex((t) => t.includes('Offline one'))).toBeLessThan(texts.findIndex((t) => t.includes('Offline two')));

    const stored = await server.ctx.db
      .select({ text: messages.text })
      .from(messages)
      .where(and(eq(messages.ticketId, ticketId), eq(messages.direction, 'in')))
      .orderBy(asc(messages.createdAt), asc(messages.id));
    expect(stored.map((m) => m.text)).toEqual([first, 'Sent from the first tab', 'Offline one', 'Offline two']);
    expect(await outboxes(customer)).toEqual({});
  });

  it('a message written offline in a tab that is then closed is sent when the site is opened again', async () => {
    await customerContext.setOffline(true);
    for (const s of await server.realtime.io.of('/widget').fetchSockets()) s.disconnect(true);
    await w(customer, 'widget-reconnecting').waitFor();
    await write(customer, 'Written offline, then the tab was closed');
    await customer.locator('[data-testid=widget-message][data-status=sending]').waitFor();
    await customer.close();
    await customerContext.setOffline(false);

    customer = await customerContext.newPage();
    desks.pages.set('customer', customer);
    forbidDialogs(customer, 'customer');
    await customer.goto('/widget-demo');
    // The panel is closed in a new tab; the outbox alone makes the widget connect and deliver.
    await inThread(agent, 'Written offline, then the tab was closed').waitFor({ timeout: 20_000 });
    const stored = await server.ctx.db
      .select({ text: messages.text })
      .from(messages)
      .where(and(eq(messages.ticketId, ticketId), eq(messages.text, 'Written offline, then the tab was closed')));
    expect(stored).toHaveLength(1);
    await w(customer, 'widget-launcher').click();
    await customer.locator('[data-testid=widget-message][data-status=sent]', { hasText: 'Written offline' }).waitFor();
  });

  it('shows hostile text literally on both sides', async () => {
    const hostile = '<img src=x onerror=alert(1)> <script>alert(2)</script>';
    await write(customer, hostile);
    const mine = customer.locator('[data-testid=widget-message][data-status=sent]', { hasText: '<img src=x' });
    await mine.waitFor();
    expect(await mine.locator('[data-testid=widget-message-text]').textContent()).toBe(hostile);
    expect(await mine.locator('img, script').count()).toBe(0);

    const inConsole = inThread(agent, '<img src=x');
    await inConsole.waitFor();
    expect(await inConsole.textContent()).toContain(hostile);
    expect(await inConsole.locator('img[src=x], script').count()).toBe(0);

    await agent.locator('[data-testid=composer-input]').fill('<b onmouseover=alert(3)>bold?</b>');
    await agent.locator('[data-testid=composer-input]').press('Enter');
    const theirs = customer.locator('[data-testid=widget-message][data-author=agent]', { hasText: 'bold?' });
    await theirs.waitFor();
    expect(await theirs.locator('[data-testid=widget-message-text]').textContent()).toBe('<b onmouseover=alert(3)>bold?</b>');
    expect(await theirs.locator('b').count()).toBe(0);
  });

  it('checks an attachment before uploading it, and an accepted one reaches the agent', async () => {
    const input = w(customer, 'widget-file');
    await input.setInputFiles({ name: 'setup.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
    expect(await w(customer, 'widget-notice').textContent()).toContain(
      '"setup.exe" cannot be sent: allowed are image/*, application/pdf, text/plain.',
    );
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await input.setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: png });
    const image = customer.locator('[data-testid=widget-message][data-status=sent] [data-testid=widget-attachment] img[alt="receipt.png"]');
    await image.waitFor({ timeout: 15_000 });
    // Loaded from the server with the visitor token (a cross-origin host page has no cookie to offer).
    await until(() => image.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth === 1), 'the image to load');
    // The agent gets a thumbnail, loaded through the attachment route with its permission check, and opens it by keyboard.
    const thumb = agent.locator('[data-testid=attachment-thumb][aria-label="Open image receipt.png"]');
    await thumb.waitFor({ timeout: 15_000 });
    expect(await thumb.locator('img').getAttribute('src')).toMatch(/^\/api\/attachments\/[0-9a-f-]{36}$/);
    await until(
      () => thumb.locator('img').evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth === 1),
      'the thumbnail to load',
    );
    await thumb.focus();
    await agent.keyboard.press('Enter');
    const viewer = agent.locator('[data-testid=image-viewer][open]');
    await viewer.waitFor();
    const large = viewer.locator('img[alt="receipt.png"]');
    await until(() => large.evaluate((el) => (el as unknown as { clientWidth: number }).clientWidth > 200), 'the image shown large');
    await agent.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    await thumb.click();
    await viewer.waitFor();
    await viewer.locator('[data-testid=image-viewer-close]').click();
    await viewer.waitFor({ state: 'detached' });
  });

  it('speaks Chinese to a Chinese browser; the console names the anonymous visitor and folds their messages in the history', async () => {
    const zh = await desks.open('customer-zh', { locale: 'zh-CN' });
    await zh.goto('/widget-demo');
    const launcher = w(zh, 'widget-launcher');
    expect(await launcher.getAttribute('aria-label')).toBe('在线咨询');
    await launcher.click();
    expect(await w(zh, 'widget-greeting').textContent()).toBe('您好！有什么可以帮您的吗？');
    await w(zh, 'widget-prechat-skip').click();
    expect(await w(zh, 'widget-input').getAttribute('placeholder')).toBe('输入消息…');
    await write(zh, '你好，我想改一下收货地址');
    await zh.locator('[data-testid=widget-message][data-status=sent]', { hasText: '收货地址' }).waitFor();
    await agent.goto('/inbox?view=all');
    const row = ticketRow(agent, '你好，我想改一下收货地址');
    await row.waitFor({ timeout: 15_000 });
    // No name, no email: "Visitor" and four digits of their own; the subject (their first line) is not repeated below it.
    const visitor = (await row.locator('.customer').textContent())!;
    expect(visitor).toMatch(/^Visitor \d{4}$/);
    expect(await row.locator('[data-testid=preview]').count()).toBe(0);

    for (const text of ['新地址是上海市浦东新区', '谢谢']) {
      await write(zh, text);
      await zh.locator('[data-testid=widget-message][data-status=sent]', { hasText: text }).waitFor();
    }
    await row.click();
    await inThread(agent, '谢谢').waitFor();
    expect(await thread(agent).first().locator('.sender').textContent()).toBe(visitor);
    expect(await agent.locator('[data-testid=customer-name]').textContent()).toBe(visitor);
    // Messages in a row make one history line with the visitor's name, in Chinese too. (Routing the new chat may
    // land between the first message and the others, so the run is 3, or 2 after a single line.)
    const wrote = agent.locator('[data-testid=history] li[data-kind=message_received]');
    const counts = async () => (await wrote.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-count'))))).sort();
    await until(async () => ['3', '1,2'].includes(String(await counts())), 'the three messages folded in the history');
    const run = Math.max(...(await counts()));
    await wrote.filter({ hasText: `${visitor} · Customer wrote ${run} messages` }).waitFor();
    await agent.selectOption('[data-testid=language-select]', 'zh-CN');
    const number = visitor.slice('Visitor '.length);
    await wrote.filter({ hasText: `访客 ${number} · 客户发来 ${run} 条消息` }).waitFor();
    expect(await row.locator('.customer').textContent()).toBe(`访客 ${number}`);
    await agent.selectOption('[data-testid=language-select]', 'en');
  });
});
