import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { customFields, tickets } from '../../server/db/schema/index.ts';
import { browserWorld } from '../support/browser-world.ts';
import { seriousViolations } from '../support/axe.ts';
import { addPerson, ADMIN, historyShows, ingestOverHttp, setUpAdmin, signedInDesk } from '../support/console.ts';
import { buildInbound } from '../support/factories.ts';
import { buildTokenUser } from '../support/http.ts';

const { server, desks } = browserWorld();
let productTicketId = '';
const BO = { name: 'Bo Agent', email: 'bo@example.com', password: 'bo-password-123', roles: ['agent' as const] };

async function defineSelect(page: Page, entity: 'ticket' | 'customer', en: string, zh: string, options: string[], required = false) {
  await page.locator(`[data-testid=new-${entity}-field]`).click();
  const form = page.locator(`[data-testid=fields-${entity}] [data-testid=field-form]`);
  await form.locator('[data-testid=field-label-en]').fill(en);
  await form.locator('[data-testid=field-label-zh]').fill(zh);
  await form.locator('[data-testid=field-type]').selectOption('select');
  for (const [i, option] of options.entries()) {
    await form.locator('[data-testid=field-add-option]').click();
    await form.getByLabel(`Label (English) ${i + 1}`, { exact: true }).fill(option);
  }
  if (required) await form.locator('[data-testid=field-required]').check();
  await form.locator('[data-testid=field-save]').click();
  await page.locator(`[data-testid=fields-${entity}] [data-testid=field-row-${en.toLowerCase().replace(/ /g, '_')}]`).waitFor();
}

describe('custom fields in the console', { timeout: 180_000 }, () => {
  it('an admin defines “Contract tier” and a required “Product”; an agent is refused resolving until Product is set, then filters by it', async () => {
    const admin = await desks.open('admin');
    await setUpAdmin(admin);
    await admin.goto('/admin/fields');
    await defineSelect(admin, 'customer', 'Contract tier', '合同等级', ['Gold', 'Silver']);
    await defineSelect(admin, 'ticket', 'Product', '产品', ['Router', 'Switch'], true);
    // A key already taken is refused by the server, and the form says why.
    await admin.locator('[data-testid=new-ticket-field]').click();
    const form = admin.locator('[data-testid=fields-ticket] [data-testid=field-form]');
    await form.locator('[data-testid=field-label-en]').fill('Product');
    await form.locator('[data-testid=field-save]').click();
    await expect.poll(() => form.locator('[data-testid=field-error]').innerText()).toContain('"product" is already used');
    const defs = await server.ctx.db.select().from(customFields);
    expect(defs.map((d) => [d.entity, d.key, d.type, d.requiredToResolve]).sort()).toEqual([
      ['customer', 'contract_tier', 'select', false],
      ['ticket', 'product', 'select', true],
    ]);

    await addPerson(server.ctx, BO);
    const token = (await buildTokenUser(server.ctx, ['agent'])).token;
    const sender = { externalId: 'mei@example.com', displayName: 'Mei Chen' };
    const { ticketId } = await ingestOverHttp(server.url, token, buildInbound({ subject: 'Router keeps rebooting', text: 'Help', sender }));
    productTicketId = ticketId;
    await ingestOverHttp(server.url, token, buildInbound({ subject: 'Invoice question', text: 'Where is it?' }));

    const bo = await signedInDesk(desks, 'bo', BO);
    await bo.goto(`/inbox/${ticketId}?view=all&status=any`);
    await bo.locator('[data-testid=ticket-custom-fields] [data-testid=field-product]').waitFor();
    await bo.locator('[data-testid=action-resolve]').click();
    await bo.locator('[data-testid=toasts]', { hasText: 'Fill in “Product” before resolving' }).waitFor({ timeout: 10_000 });
    expect((await server.ctx.db.select().from(tickets).where(eq(tickets.id, ticketId)))[0]!.status).not.toBe('resolved');

    // The customer's tier in the customer panel, the product in the side panel; each is saved as it changes.
    await bo.locator('[data-testid=customer-custom-fields] select').selectOption({ label: 'Gold' });
    await bo.locator('#cf-ticket-product').selectOption({ label: 'Router' });
    await historyShows(bo, 'Fields: Product → Router', 10_000);
    await bo.locator('[data-testid=action-resolve]').click();
    await expect.poll(() => bo.locator('[data-testid=ticket-status]').innerText(), { timeout: 10_000 }).toBe('Resolved');
    const [row] = await server.ctx.db.select().from(tickets).where(eq(tickets.id, ticketId));
    expect(row!.customFields).toEqual({ product: 'router' });

    await bo.goto('/inbox?view=all&status=any');
    await expect.poll(() => bo.locator('[data-testid=ticket-row]').count(), { timeout: 10_000 }).toBe(2);
    await bo.locator('[data-testid=filter-field]').selectOption({ label: 'Product' });
    await bo.locator('[data-testid=filter-field-value]').selectOption({ label: 'Router' });
    await bo.waitForURL('**field=product%3Arouter**');
    await expect
      .poll(() => bo.locator('[data-testid=ticket-row]').allInnerTexts(), { timeout: 10_000 })
      .toEqual([expect.stringContaining('Router keeps rebooting')]);
    // Sorted by Product instead: tickets with a product first.
    await bo.locator('[data-testid=filter-field]').selectOption('');
    await bo.locator('[data-testid=sort]').selectOption({ label: 'Product' });
    await bo.waitForURL('**sortField=product**');
    await expect
      .poll(() => bo.locator('[data-testid=ticket-row]').allInnerTexts(), { timeout: 10_000 })
      .toEqual([expect.stringContaining('Router keeps rebooting'), expect.stringContaining('Invoice question')]);
  });

  it('Settings → Fields and the side panel: no serious axe violation in English and Chinese, nothing wider than a 390 px phone', async () => {
    const desk = await signedInDesk(desks, 'checks', ADMIN);
    const check = async (path: string, ready: string) => {
      await desk.goto(path);
      await desk.locator(ready).first().waitFor();
      expect(await seriousViolations(desk), `${path} in ${await desk.evaluate<string>('document.documentElement.lang')}`).toEqual([]);
    };
    await check('/admin/fields', '[data-testid=field-row-product]');
    await desk.locator('[data-testid=fields-ticket] [data-testid=field-edit]').click();
    expect(await seriousViolations(desk)).toEqual([]);
    await check(`/inbox/${productTicketId}?view=all&status=any`, '[data-testid=ticket-custom-fields]');
    await desk.locator('#console-nav [data-testid=language-select]').selectOption('zh-CN');
    await check('/admin/fields', '[data-testid=field-row-product]');
    expect(await desk.locator('[data-testid=fields-ticket]').innerText()).toContain('产品');
    await check(`/inbox/${productTicketId}?view=all&status=any`, '[data-testid=ticket-custom-fields]');
    expect(await desk.locator('[data-testid=ticket-custom-fields]').innerText()).toContain('产品');
    await desk.locator('#console-nav [data-testid=language-select]').selectOption('en');

    // Signed in by hand: on a phone the user's name sits in the closed menu.
    const phone = await desks.open('phone', { viewport: { width: 390, height: 844 } });
    await phone.goto('/login');
    await phone.fill('input[name=email]', ADMIN.email);
    await phone.fill('input[name=password]', ADMIN.password);
    await phone.click('button[type=submit]');
    await phone.waitForURL('**/inbox**');
    for (const [path, ready] of [
      ['/admin/fields', '[data-testid=field-row-product]'],
      [`/inbox/${productTicketId}?view=all&status=any`, '[data-testid=ticket-custom-fields]'],
    ] as const) {
      await phone.goto(path);
      await phone.locator(ready).first().waitFor({ state: 'attached' });
      expect(await phone.evaluate<number>('document.documentElement.scrollWidth'), `${path} scrolls sideways`).toBeLessThanOrEqual(390);
    }
    await phone.goto('/admin/fields');
    await phone.locator('[data-testid=new-ticket-field]').click();
    await phone.locator('[data-testid=field-type]').selectOption('select');
    await phone.locator('[data-testid=field-add-option]').click();
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth'), 'the field form scrolls sideways').toBeLessThanOrEqual(
      390,
    );
  });
});
