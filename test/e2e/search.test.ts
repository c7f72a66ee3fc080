import { describe, expect, it } from 'vitest';
import { systemActor } from '../../server/services/actor.ts';
import { resolve } from '../../server/services/tickets/resolve.ts';
import { browserWorld } from '../support/browser-world.ts';
import { ingestOverHttp, setUpAdmin } from '../support/console.ts';
import { buildInbound } from '../support/factories.ts';
import { buildTokenUser } from '../support/http.ts';

const { server, desks } = browserWorld();

// A real server and Chromium on a loaded 2-core machine: tens of seconds.
describe('global search', { timeout: 150_000 }, () => {
  it('finds a resolved Chinese ticket by a word in it from "/", marks the match, and filters narrow the results', async () => {
    const admin = await desks.open('admin');
    await setUpAdmin(admin);
    const token = (await buildTokenUser(server.ctx, ['agent'])).token;
    const wang = { externalId: 'wang.fang@example.cn', displayName: '王芳' };
    const old = await ingestOverHttp(
      server.url,
      token,
      buildInbound({ sender: wang, subject: '耳机售后', text: '你好，我买的蓝牙耳机左边没有声音，能换一个吗？' }),
    );
    await resolve(server.ctx, systemActor('test'), old.ticketId);
    await ingestOverHttp(
      server.url,
      token,
      buildInbound({ subject: 'Headphones', text: 'My new 耳机 <img src=x onerror="document.title=1"> is fine' }),
    );
    await ingestOverHttp(server.url, token, buildInbound({ subject: '发票', text: '请开具发票' }));

    // The inbox's own search only covers the open list: it points to the global search instead of a dead end.
    await admin.goto('/inbox?view=mine');
    await admin.locator('[data-testid=search]').fill('左边没有声音');
    const empty = admin.locator('[data-testid=inbox-empty]');
    await expect.poll(() => empty.innerText()).toContain('No tickets here — search all tickets for “左边没有声音”');
    await admin.locator('[data-testid=search-all]').click();
    await admin.waitForURL('**/search?q=*');
    await admin.locator('[data-testid=search-result]').first().waitFor();
    expect(await admin.locator('[data-testid=search-result]').count()).toBe(1);

    // "/" from anywhere opens the global search box.
    await admin.goto('/canned');
    await admin.locator('h1, h2').first().waitFor();
    await admin.keyboard.press('/');
    const box = admin.locator('[data-testid=global-search]');
    expect(await admin.locator('[data-testid=global-search]:focus').count()).toBe(1);
    await box.fill('耳机');
    await box.press('Enter');
    await admin.waitForURL(`**/search?q=${encodeURIComponent('耳机')}`);
    const results = admin.locator('[data-testid=search-result]');
    await expect.poll(() => results.count()).toBe(2);
    const hit = admin.locator(`[data-testid=search-result][data-ticket-id="${old.ticketId}"]`);
    expect(await hit.innerText()).toContain('Resolved');
    expect(await hit.locator('[data-testid=search-snippet]').innerText()).toBe('你好，我买的蓝牙耳机左边没有声音，能换一个吗？');
    expect(await hit.locator('[data-testid=search-snippet] mark').allInnerTexts()).toEqual(['耳机']);
    expect(await hit.locator('.subject mark').allInnerTexts()).toEqual(['耳机']);
    // Customer text is shown as text: the markup in the other ticket is visible, never run or rendered.
    const other = results.filter({ hasText: 'Headphones' });
    expect(await other.locator('[data-testid=search-snippet]').innerText()).toContain('<img src=x onerror="document.title=1">');
    expect(await results.locator('img').count()).toBe(0);

    // Filters narrow, and live in the URL.
    await admin.locator('[data-testid=search-status]').selectOption('resolved');
    await admin.waitForURL('**status=resolved**');
    await expect.poll(() => results.count()).toBe(1);
    expect(await results.first().getAttribute('data-ticket-id')).toBe(old.ticketId);
    await admin.locator('[data-testid=search-status]').selectOption('open');
    await admin.locator('[data-testid=search-none]').waitFor();
    await admin.locator('[data-testid=search-status]').selectOption('');
    await expect.poll(() => results.count()).toBe(2);
    await hit.getByRole('button', { name: '王芳' }).click();
    await admin.waitForURL('**customerId=**');
    await expect.poll(() => results.count()).toBe(1);
    await admin.reload();
    await expect.poll(() => results.count()).toBe(1);
    expect(await admin.locator('[data-testid=search-status]').inputValue()).toBe('');

    // The result opens the ticket.
    await results.first().locator('a.subject').click();
    await admin.waitForURL(`**/inbox/${old.ticketId}?**`);
  });
});
