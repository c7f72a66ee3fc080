import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousViolations } from '../support/axe.ts';
import { browserWorld } from '../support/browser-world.ts';
import { setUpAdmin } from '../support/console.ts';
import { buildTicket } from '../support/factories.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

// The receiver listens on 127.0.0.1, which the SSRF guard refuses unless private addresses are allowed.
const { server, desks } = browserWorld({
  env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_POLL_MS: '200', WEBHOOK_TIMEOUT_SECONDS: '2' },
});
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver?.stop());

const rows = (page: Page) => page.locator('[data-testid=webhook-delivery]');
let admin: Page;

describe('an admin sets up a webhook in the console', () => {
  it('creates it, sees the secret once, watches a ticket event arrive with 200 and redelivers a failed one by hand', async () => {
    admin = await desks.open('admin');
    await setUpAdmin(admin);
    await admin.goto('/admin/webhooks');
    await admin.locator('[data-testid=no-webhooks]').waitFor();
    await admin.locator('[data-testid=webhook-new]').click();
    const form = admin.locator('[data-testid=webhook-create]');
    await form.locator('[data-testid=webhook-name]').fill('CRM sync');
    await form.locator('[data-testid=webhook-url]').fill(receiver.url);
    await form.locator('[data-event="ticket.created"]').check();
    await form.locator('[data-event="message.customer"]').check();
    await form.locator('[data-testid=webhook-submit]').click();

    const secret = await admin.locator('[data-testid=webhook-secret-value]').inputValue();
    expect(secret).toMatch(/^whsec_/);
    receiver.secret = secret;
    await admin.locator('[data-testid=webhook-secret-done]').click();
    await admin.locator('[data-testid=webhook-secret]').waitFor({ state: 'detached' });
    await admin.reload();
    const hook = admin.locator('[data-testid=webhook][data-name="CRM sync"]');
    await hook.waitFor();
    expect(await hook.locator('[data-testid=webhook-state]').innerText()).toBe('On');
    expect(await admin.content()).not.toContain(secret);

    const { ticketId } = await buildTicket(server.ctx, { subject: 'Parcel never came' });
    await receiver.waitFor(2);
    expect(receiver.received.map((r) => [r.event, r.verified])).toEqual(
      expect.arrayContaining([
        ['ticket.created', true],
        ['message.customer', true],
      ]),
    );
    expect(receiver.received.find((r) => r.event === 'ticket.created')!.json.ticket.id).toBe(ticketId);

    await hook.locator('[data-testid=webhook-log-toggle]').click();
    await expect.poll(() => rows(admin).count()).toBe(2);
    const created = rows(admin).and(admin.locator('[data-event="ticket.created"]'));
    expect(await created.getAttribute('data-status')).toBe('delivered');
    expect(await created.locator('[data-testid=webhook-delivery-code]').innerText()).toBe('200');

    // The receiver breaks: the next event's deliveries fail with 500 and wait for their retry.
    receiver.mode = 500;
    await buildTicket(server.ctx, { subject: 'Second parcel' });
    await receiver.waitFor(4);
    await expect
      .poll(async () => {
        await admin.locator('[data-testid=webhook-log-refresh]').click();
        return rows(admin).and(admin.locator('[data-status=pending]')).count();
      })
      .toBe(2);
    const failing = rows(admin).and(admin.locator('[data-status=pending]')).first();
    expect(await failing.locator('[data-testid=webhook-delivery-code]').innerText()).toBe('500');
    const failedId = await failing.getAttribute('data-event');

    receiver.mode = 'ok';
    await failing.locator('[data-testid=webhook-redeliver]').click();
    const redone = rows(admin)
      .and(admin.locator(`[data-event="${failedId}"]`))
      .first();
    await expect.poll(() => redone.getAttribute('data-status')).toBe('delivered');
    expect(await redone.locator('[data-testid=webhook-delivery-code]').innerText()).toBe('200');
    await admin.locator('text=Redelivered: 200').waitFor();
    expect(receiver.received.at(-1)).toMatchObject({ verified: true });
    expect(await seriousViolations(admin)).toEqual([]);
  });

  it('reads in Chinese and fits a 390 px phone with the delivery log open', async () => {
    await admin.locator('#console-nav [data-testid=language-select]').selectOption('zh-CN');
    await expect.poll(() => admin.evaluate<string>('document.documentElement.lang')).toBe('zh-CN');
    const phone = admin;
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto('/admin/webhooks');
    await phone.locator('h2', { hasText: 'Webhook' }).waitFor();
    const hook = phone.locator('[data-testid=webhook][data-name="CRM sync"]');
    expect(await hook.locator('[data-testid=webhook-state]').innerText()).toBe('已启用');
    await hook.locator('[data-testid=webhook-log-toggle]').click();
    await rows(phone).first().waitFor();
    expect(await hook.innerText()).toContain('投递记录');
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await seriousViolations(phone)).toEqual([]);
  });
});
