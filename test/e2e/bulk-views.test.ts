import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserWorld } from '../support/browser-world.ts';
import { addPerson, historyShows, ingestOverHttp, setUpAdmin, signedInDesk } from '../support/console.ts';
import { buildInbound } from '../support/factories.ts';
import { buildTokenUser } from '../support/http.ts';

const { server, desks } = browserWorld();
const BO = { name: 'Bo Agent', email: 'bo@example.com', password: 'bo-password-123', roles: ['agent' as const] };

const viewCount = (page: Page, view: string) => page.locator(`[data-view="${view}"] [data-testid=view-count]`).innerText();
const savedCount = (page: Page, name: string) => page.locator(`[data-saved-view="${name}"] [data-testid=saved-view-count]`).innerText();
const ticked = (page: Page) => page.locator('[data-testid=row-select]:checked').count();

// Two browsers against a real server on a loaded 2-core machine: tens of seconds.
describe('bulk actions and saved views', { timeout: 180_000 }, () => {
  let admin: Page;
  let bo: Page;
  let token: string;

  it('assigns 20 tickets to another agent at once; their Mine count goes to 20 live', async () => {
    admin = await desks.open('admin');
    await setUpAdmin(admin);
    await addPerson(server.ctx, BO);
    token = (await buildTokenUser(server.ctx, ['agent'])).token;
    for (let i = 1; i <= 20; i++)
      await ingestOverHttp(server.url, token, buildInbound({ subject: `Bulk order ${i}`, text: `Parcel ${i} is late` }));
    bo = await signedInDesk(desks, 'bo', BO);
    await bo.goto('/inbox?view=mine');
    await expect.poll(() => viewCount(bo, 'mine')).toBe('0');

    await admin.goto(`/inbox?view=all&q=${encodeURIComponent('Bulk order')}`);
    const rows = admin.locator('[data-testid=row-select]');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(20);
    // A click ticks one row; shift-click ticks the range up to it.
    await rows.nth(0).click();
    await rows.nth(4).click({ modifiers: ['Shift'] });
    expect(await ticked(admin)).toBe(5);
    expect(await admin.locator('[data-testid=selected-count]').innerText()).toBe('5 selected');
    await admin.locator('[data-testid=bulk-clear]').click();
    expect(await ticked(admin)).toBe(0);

    await admin.locator('[data-testid=select-all]').check();
    expect(await admin.locator('[data-testid=selected-count]').innerText()).toBe('20 selected');
    await admin.locator('[data-testid=bulk-assign]').selectOption({ label: BO.name });
    await admin.locator('[data-testid=toasts]', { hasText: 'Done for 20 tickets' }).waitFor({ timeout: 30_000 });
    expect(await ticked(admin)).toBe(0);

    // Bo's console hears each change as it commits: his Mine badge and list fill without a reload.
    await expect.poll(() => viewCount(bo, 'mine'), { timeout: 20_000 }).toBe('20');
    await expect.poll(() => bo.locator('[data-testid=ticket-row]').count(), { timeout: 10_000 }).toBe(20);
    const rowText = await admin.locator('[data-testid=ticket-row]').first().innerText();
    expect(rowText).toContain(BO.name);
  });

  it('saves the current filters as a view whose count changes live when a matching ticket arrives', async () => {
    await admin.goto(`/inbox?view=all&q=${encodeURIComponent('refund')}`);
    await admin.locator('[data-testid=inbox-empty]').waitFor();
    await admin.locator('[data-testid=save-view]').click();
    await admin.locator('[data-testid=save-view-name]').fill('Refunds');
    await admin.locator('[data-testid=save-view-submit]').click();
    await expect.poll(() => savedCount(admin, 'Refunds')).toBe('0');

    await ingestOverHttp(server.url, token, buildInbound({ subject: 'Refund for order 7', text: 'Please refund me' }));
    await expect.poll(() => savedCount(admin, 'Refunds'), { timeout: 15_000 }).toBe('1');

    // The view opens the list it counts; a personal view is not in a colleague's sidebar.
    await admin.locator('[data-saved-view="Refunds"] a').click();
    await expect.poll(() => admin.locator('[data-testid=ticket-row]').count()).toBe(1);
    await bo.reload();
    await bo.locator('[data-testid=me]').waitFor();
    expect(await bo.locator('[data-saved-view="Refunds"]').count()).toBe(0);

    // Rename and delete from the sidebar.
    admin.once('dialog', (d) => void d.accept('Refund requests'));
    await admin.locator('[data-testid=saved-views-edit]').click();
    await admin.locator('[data-testid=saved-view-rename]').click();
    await admin.locator('[data-saved-view="Refund requests"]').waitFor();
    admin.once('dialog', (d) => void d.accept());
    await admin.locator('[data-testid=saved-view-delete]').click();
    await expect.poll(() => admin.locator('[data-testid=saved-views]').count()).toBe(0);
  });
  it('snoozes a ticket until tomorrow 9:00 from its header, and an admin sets when resolved tickets close', async () => {
    const { ticketId } = await ingestOverHttp(
      server.url,
      token,
      buildInbound({ subject: 'Call me back tomorrow', text: 'After 9 please' }),
    );
    await admin.goto(`/inbox/${ticketId}?view=all`);
    await admin.locator('[data-testid=action-snooze]').click();
    await admin.locator('[data-testid=snooze-tomorrow]').click();
    const badge = admin.locator('[data-testid=snoozed-until]');
    await badge.waitFor();
    expect(await badge.innerText()).toMatch(/^Snoozed until .*9:00/);
    await historyShows(admin, 'Snoozed until', 10_000);
    const row = admin.locator(`[data-testid=ticket-row][data-ticket-id="${ticketId}"]`);
    await expect.poll(() => row.innerText()).toContain('Pending');

    await admin.goto('/admin/tickets');
    const days = admin.locator('[data-testid=auto-close-days]');
    await expect.poll(() => days.inputValue()).toBe('4');
    await days.fill('7');
    await admin.locator('[data-testid=auto-close-save]').click();
    await admin.locator('[data-testid=toasts]', { hasText: 'Saved' }).waitFor();
    await admin.reload();
    await expect.poll(() => admin.locator('[data-testid=auto-close-days]').inputValue()).toBe('7');
  });
});
