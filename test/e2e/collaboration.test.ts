import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserWorld } from '../support/browser-world.ts';
import { addPerson, signedInDesk, thread } from '../support/console.ts';
import { buildTicket } from '../support/factories.ts';

const { server, desks } = browserWorld();
const LINA = { name: 'Lina Wang', email: 'lina@example.com', password: 'lina-password-123', roles: ['agent' as const] };
const FANG = {
  name: '王芳',
  email: 'fang@example.com',
  password: 'fang-password-123',
  roles: ['agent' as const],
  locale: 'zh-CN' as const,
};

const bellCount = (page: Page) => page.locator('[data-testid=notification-count]');
const viewers = (page: Page) => page.locator('[data-testid=ticket-viewer]');

// Two people at two desks on a real server; each step waits on what the other does, live.
describe('working together, end to end', { timeout: 120_000 }, () => {
  let lina: Page;
  let fang: Page;
  let ticketId = '';

  it('a mention in a note reaches the colleague’s bell live, in their language, and links to the ticket', async () => {
    await addPerson(server.ctx, LINA);
    await addPerson(server.ctx, FANG);
    ({ ticketId } = await buildTicket(server.ctx, { subject: 'Refund for order 5521', text: 'I was charged twice' }));
    lina = await signedInDesk(desks, 'lina', LINA);
    fang = await signedInDesk(desks, 'fang', FANG);
    await fang.locator('[data-testid=notification-bell]').waitFor();
    expect(await bellCount(fang).count()).toBe(0);
    // The console is an installable app: its service worker (web push) controls the whole origin.
    expect(await fang.evaluate('navigator.serviceWorker.ready.then((r) => r.scope)')).toBe(`${server.url}/`);

    await lina.goto(`/inbox/${ticketId}`);
    await lina.click('[data-testid=mode-note]');
    const input = lina.locator('[data-testid=composer-input]');
    await input.pressSequentially('请 @王');
    const picker = lina.locator('[data-testid=mention-picker]');
    await picker.getByRole('option', { name: '@王芳' }).waitFor();
    await input.press('Enter');
    expect(await input.inputValue()).toBe('请 @王芳 ');
    await input.pressSequentially('看一下这个退款');
    await input.press('Enter');
    await thread(lina).filter({ hasText: '看一下这个退款' }).waitFor();
    expect(await thread(lina).last().locator('[data-testid=mention]').innerText()).toBe('@王芳');

    // Fang, on her inbox, sees the bell count rise without reloading; the item says who and where, in Chinese.
    await bellCount(fang).filter({ hasText: '1' }).waitFor();
    await fang.click('[data-testid=notification-bell]');
    const item = fang.locator('[data-testid=notification-item]');
    expect(await item.innerText()).toContain('Lina Wang 在 #');
    expect(await item.innerText()).toContain('Refund for order 5521');
    await item.locator('a').click();
    await fang.waitForURL(`**/inbox/${ticketId}`);
    await fang.locator('[data-testid=ticket-subject]', { hasText: 'Refund for order 5521' }).waitFor();
    await bellCount(fang).waitFor({ state: 'detached' });
    // Mentioned, she now follows the ticket.
    expect(await fang.locator('[data-testid=follow-toggle]').innerText()).toBe('已关注');
  });

  it('two agents on the same ticket each see the other viewing, and typing shows as replying', async () => {
    // Both have the ticket open from the previous step (Lina since her note, Fang since the bell).
    await viewers(lina).filter({ hasText: '王芳 is viewing' }).waitFor();
    await viewers(fang).filter({ hasText: 'Lina Wang 正在查看' }).waitFor();

    await lina.click('[data-testid=mode-reply]');
    await lina.locator('[data-testid=composer-input]').pressSequentially('We are refunding the second charge');
    await viewers(fang).filter({ hasText: 'Lina Wang 正在回复' }).waitFor();
    await desks.keep(fang, 'collaboration');

    // Lina leaves the ticket: Fang no longer sees her there.
    await lina.goto('/inbox');
    await viewers(fang).filter({ hasText: 'Lina Wang' }).waitFor({ state: 'detached' });
  });

  it('the installed app shows a web push as a system notification while no console tab is open, linking to the ticket', async () => {
    // Chromium delivers a push to the service worker as a push service would (DevTools), with the server's payload shape.
    await fang.context().grantPermissions(['notifications']);
    const cdp = await fang.context().newCDPSession(fang);
    const registered = new Promise<string>((resolve) =>
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const mine = registrations.find((r) => r.scopeURL === `${server.url}/` && !r.isDeleted);
        if (mine) resolve(mine.registrationId);
      }),
    );
    await cdp.send('ServiceWorker.enable');
    const registrationId = await registered;
    await fang.goto('about:blank');
    const payload = { title: 'Lina Wang 在 #1000 中提到了你', body: 'Refund for order 5521', url: `/inbox/${ticketId}`, tag: 'n-1' };
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: server.url, registrationId, data: JSON.stringify(payload) });
    await fang.goto('/inbox');
    const shown = await fang.evaluate(
      'navigator.serviceWorker.ready.then(async (r) => { for (let i = 0; i < 100; i++) { const n = await r.getNotifications(); if (n.length) return n.map((x) => ({ title: x.title, body: x.body, url: x.data.url })); await new Promise((res) => setTimeout(res, 50)); } return []; })',
    );
    expect(shown).toEqual([{ title: payload.title, body: payload.body, url: payload.url }]);
  });

  it('each person chooses on the profile page which notifications also come by email, and can enable this device', async () => {
    await fang.goto('/profile');
    const settings = fang.locator('[data-testid=notification-settings]');
    await settings.getByText('备注中@我').waitFor();
    expect(await fang.locator('[data-testid=email-mention]').isChecked()).toBe(false);
    await fang.locator('[data-testid=email-mention]').check();
    await fang.getByText('已保存').waitFor();
    await fang.reload();
    await fang.locator('[data-testid=email-mention]').waitFor();
    expect(await fang.locator('[data-testid=email-mention]').isChecked()).toBe(true);
    expect(await fang.locator('[data-testid=email-assignment]').isChecked()).toBe(false);
    // Chromium has the Push API: the device switch is offered (subscribing needs a real push service).
    expect(await settings.locator('[data-testid=push-toggle]').innerText()).toBe('在此设备上启用通知');
    await desks.keep(fang, 'collaboration-profile');
  });
});
