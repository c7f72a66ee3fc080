import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { emailSettingsSchema } from '../../channels/email/settings.ts';
import { inboxes, tickets } from '../../server/db/schema/index.ts';
import { bootstrapWidgetInbox } from '../../server/services/inboxes/bootstrap-widget-inbox.ts';
import { browserWorld } from '../support/browser-world.ts';
import { setUpAdmin, thread, ticketRow } from '../support/console.ts';
import { OUR_ADDRESS, waitFor } from '../support/email.ts';
import { smtpSinkStandIn } from '../support/mail-world.ts';

const sink = smtpSinkStandIn();
const { server, desks } = browserWorld({ widget: true });

// Playwright's CSS locators pierce the widget's open shadow root.
const w = (page: Page, testId: string) => page.locator(`[data-testid=${testId}]`);
let admin: Page | undefined;

async function adminDesk(): Promise<Page> {
  if (admin) return admin;
  admin = await desks.open('admin');
  await setUpAdmin(admin);
  return admin;
}

/** An admin defines a ticket field in Settings → Fields with “Shown to the customer” ticked. */
async function defineCustomerField(page: Page, en: string, zh: string, type: string, options: string[] = []) {
  await page.goto('/admin/fields');
  await page.locator('[data-testid=new-ticket-field]').click();
  const form = page.locator('[data-testid=fields-ticket] [data-testid=field-form]');
  await form.locator('[data-testid=field-label-en]').fill(en);
  await form.locator('[data-testid=field-label-zh]').fill(zh);
  await form.locator('[data-testid=field-type]').selectOption(type);
  for (const [i, option] of options.entries()) {
    await form.locator('[data-testid=field-add-option]').click();
    await form.getByLabel(`Label (English) ${i + 1}`, { exact: true }).fill(option);
  }
  await form.getByLabel('Shown to the customer').check();
  await form.locator('[data-testid=field-save]').click();
  await page.locator(`[data-testid=fields-ticket] [data-testid=field-row-${en.toLowerCase().replace(/ /g, '_')}]`).waitFor();
}

async function openTicket(page: Page, text: string) {
  await page.goto('/inbox?view=all');
  await ticketRow(page, text).click({ timeout: 15_000 });
  await page.waitForURL('**/inbox/**');
}

describe('fields shown to the customer', { timeout: 180_000 }, () => {
  it('an admin’s “Order number” is asked in the widget’s pre-chat form; the agent sees the visitor’s answer in the side panel', async () => {
    const page = await adminDesk();
    await defineCustomerField(page, 'Order number', '订单号', 'number');
    expect(await bootstrapWidgetInbox(server.ctx, { force: true })).toBeTruthy();

    const visitor = await desks.open('visitor');
    await visitor.goto('/widget-demo');
    await w(visitor, 'widget-launcher').click();
    const form = w(visitor, 'widget-prechat');
    await form.getByLabel('Order number').fill('10042');
    await w(visitor, 'widget-prechat-name').fill('Wang Fang');
    await w(visitor, 'widget-prechat-submit').click();
    await form.waitFor({ state: 'detached' });
    const input = w(visitor, 'widget-input');
    await input.fill('My parcel has not arrived');
    await input.press('Enter');
    await visitor.locator('[data-testid=widget-message][data-status=sent]', { hasText: 'My parcel' }).waitFor();

    await openTicket(page, 'My parcel has not arrived');
    await expect.poll(() => page.locator('#cf-ticket-order_number').inputValue(), { timeout: 10_000 }).toBe('10042');
  });

  it('the help center contact form with a select field creates an email ticket the agent sees and answers by email', async () => {
    const page = await adminDesk();
    await defineCustomerField(page, 'Product', '产品', 'select', ['Router', 'Switch']);
    const settings = emailSettingsSchema.parse({
      address: OUR_ADDRESS,
      imap: { host: '127.0.0.1', port: 1, secure: false, user: 'support' },
      smtp: { host: '127.0.0.1', port: sink.port, secure: false },
    });
    await server.ctx.db.insert(inboxes).values({
      channel: 'email',
      name: 'Support',
      settings,
      secrets: server.ctx.secrets.seal(JSON.stringify({ imapPassword: 'unused' })),
    });

    const customer = await desks.open('customer');
    await customer.goto('/help');
    await customer.locator('[data-testid=help-contact-link]').click();
    await customer.getByLabel('Your name').fill('Mei Chen');
    await customer.getByLabel('Your email').fill('mei@customer.example');
    await customer.getByLabel('Subject').fill('Router reboots every hour');
    await customer.getByLabel('Message').fill('Since the last update it restarts on its own.');
    await customer.getByLabel('Product').selectOption({ label: 'Router' });
    await customer.locator('[data-testid=contact-send]').click();
    const confirmation = await customer.locator('[data-testid=contact-number]').innerText();
    const [ticket] = await server.ctx.db.select().from(tickets).where(eq(tickets.subject, 'Router reboots every hour'));
    expect(ticket).toMatchObject({ channel: 'email', customFields: { product: 'router' } });
    expect(confirmation).toContain(`#${ticket!.number}`);

    await openTicket(page, 'Router reboots every hour');
    await thread(page).filter({ hasText: 'Since the last update' }).waitFor();
    expect(await thread(page).filter({ hasText: 'Since the last update' }).locator('[data-testid=message-source]').innerText()).toContain(
      'contact form',
    );
    expect(await page.locator('#cf-ticket-product option:checked').textContent()).toBe('Router');
    await page.locator('[data-testid=composer-input]').fill('Please install firmware 2.1.');
    await page.locator('[data-testid=composer-send]').click();
    const mail = await waitFor(() => sink.received.find((m) => m.to.includes('mei@customer.example')), 'the reply mail', 30_000);
    expect(mail.parsed.text).toContain('Please install firmware 2.1.');
    expect(mail.parsed.subject).toContain(`[#${ticket!.number}]`);
  });
});
