import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { bootstrapWidgetInbox } from '../../server/services/inboxes/bootstrap-widget-inbox.ts';
import { browserWorld } from '../support/browser-world.ts';
import { setUpAdmin, ticketRow } from '../support/console.ts';
import { buildTicket } from '../support/factories.ts';

/** What the server names by itself (an empty message's subject, the first-run chat inbox) and waiting times read as Chinese. */
const { server, desks } = browserWorld();
let agent: Page;
let pictureOnly = '';

beforeAll(async () => {
  expect(await bootstrapWidgetInbox(server.ctx, { force: true })).toBeTruthy();
  agent = await desks.open('agent', { locale: 'zh-CN' });
  await setUpAdmin(agent);
  await agent.locator('#console-nav [data-testid=language-select]').selectOption('zh-CN');
  // A chat that began with a picture: no text, so the server files it as "(no subject)".
  pictureOnly = (await buildTicket(server.ctx, { channel: 'widget', subject: undefined, text: '', sender: { externalId: 'visitor-1' } }))
    .ticketId;
  await buildTicket(server.ctx, { subject: '发票地址错误', text: '请帮我改一下', receivedAt: new Date(Date.now() - 17 * 60_000) });
});

describe('the console in Chinese', { timeout: 120_000 }, () => {
  it('names a ticket without a subject in Chinese, in the list, the header and the tab title', async () => {
    await agent.goto('/inbox?view=all');
    await ticketRow(agent, '（无主题）').waitFor();
    expect(await agent.locator('[data-testid=ticket-row]', { hasText: '(no subject)' }).count()).toBe(0);
    await agent.goto(`/inbox/${pictureOnly}`);
    await expect.poll(() => agent.locator('[data-testid=ticket-subject]').textContent()).toBe('（无主题）');
    await expect.poll(() => agent.title()).toMatch(/（无主题）/);
  });

  it('says how long a customer has waited in Chinese', async () => {
    await agent.goto('/inbox?view=all');
    const waiting = ticketRow(agent, '发票地址错误').locator('.waiting');
    await expect.poll(() => waiting.textContent()).toMatch(/^已等待 1[78]\s?分钟$/);
    expect(await waiting.textContent()).not.toMatch(/min|sec|\bs\b/);
    expect(await ticketRow(agent, '（无主题）').locator('.waiting').textContent()).toContain('不到 1 分钟');
  });

  it('shows the chat inbox made on first start under a Chinese name until someone renames it', async () => {
    await agent.goto('/admin/widget');
    await expect.poll(() => agent.locator('[data-testid=inbox-name]').first().textContent()).toBe('网站在线聊天');
    await agent.goto('/admin/routing');
    await agent.locator('h2').first().waitFor();
    expect(await agent.locator('body').innerText()).not.toContain('Website chat');
  });
});
