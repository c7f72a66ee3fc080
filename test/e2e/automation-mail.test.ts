import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserWorld } from '../support/browser-world.ts';
import { historyShows, setUpAdmin, ticketRow } from '../support/console.ts';
import { buildEmailInbox, customerMail } from '../support/email.ts';
import { buildTeam } from '../support/factories.ts';
import { dovecotStandIn, smtpSinkStandIn } from '../support/mail-world.ts';
import { rulesSettled } from '../server/services/automation/harness.ts';

const dovecot = dovecotStandIn();
const sink = smtpSinkStandIn();
const { server, desks } = browserWorld();

/** Settings → Automation: "mail from @vip.example.com → priority high, team VIP, tag vip", built row by row. */
async function buildVipRule(page: Page) {
  await page.goto('/admin/automation');
  await page.locator('[data-testid=rule-new-event]').click();
  const b = page.locator('[data-testid=rule-builder]');
  await b.locator('[data-testid=rule-name]').fill('VIP mail');
  await b.locator('[data-event="ticket.created"]').check();
  await b.locator('[data-testid=condition-add]').click();
  const c = b.locator('[data-testid=condition-row]').first();
  await c.locator('[data-testid=condition-field]').selectOption('sender.domain');
  await c.locator('[data-testid=condition-op]').selectOption('in');
  await c.locator('[data-testid=condition-value]').fill('vip.example.com');
  const action = (i: number) => b.locator('[data-testid=action-row]').nth(i);
  await action(0).locator('[data-testid=action-type]').selectOption('set_priority');
  await action(0).locator('[data-testid=param-priority]').selectOption('high');
  await b.locator('[data-testid=action-add]').click();
  await action(1).locator('[data-testid=action-type]').selectOption('assign_team');
  await action(1).locator('[data-testid=param-teamId]').selectOption({ label: 'VIP' });
  await b.locator('[data-testid=action-add]').click();
  await action(2).locator('[data-testid=action-type]').selectOption('add_tags');
  await action(2).locator('[data-testid=param-tags]').fill('vip');
  await b.locator('[data-testid=rule-save]').click();
  await page.locator('[data-testid=rule-row][data-rule="VIP mail"]').waitFor();
}

/** The ticket's tags in the side panel (the customer panel below has its own). */
const ticketTags = (page: Page) => page.locator('[data-testid=tags]:not([data-testid=customer-panel] [data-testid=tags])');

async function openTicket(page: Page, subject: string) {
  await page.goto('/inbox?view=all&status=any');
  await ticketRow(page, subject).click({ timeout: 30_000 });
  await page.locator('[data-testid=ticket-subject]', { hasText: subject }).waitFor();
}

describe('an automation rule built in the console acts on real mail', () => {
  it('mail from @vip.example.com read over IMAP shows priority high, team VIP, tag vip and the "by rule" history line', async () => {
    const admin = await desks.open('admin');
    await setUpAdmin(admin);
    await buildTeam(server.ctx, { name: 'VIP' });
    await buildVipRule(admin);

    await dovecot.append(customerMail(1, { from: 'boss@vip.example.com', subject: 'Contract renewal for 2027' }));
    await dovecot.append(customerMail(2, { from: 'joe@example.com', subject: 'Where is my parcel' }));
    await buildEmailInbox(server.ctx, dovecot, { smtpPort: sink.port });

    await openTicket(admin, 'Contract renewal for 2027');
    await expect.poll(() => admin.locator('[data-testid=priority-select]').inputValue(), { timeout: 20_000 }).toBe('high');
    await expect.poll(() => admin.locator('[data-testid=ticket-team]').textContent()).toBe('VIP');
    await expect.poll(() => ticketTags(admin).textContent()).toContain('vip');
    await historyShows(admin, 'by rule “VIP mail”', 15_000);
    await historyShows(admin, 'Rule “VIP mail” ran');

    // The other sender's mail is left as it came in, once its evaluation is done.
    await expect.poll(() => rulesSettled(server.ctx), { timeout: 15_000 }).toBe(true);
    await openTicket(admin, 'Where is my parcel');
    await historyShows(admin, 'Ticket opened via');
    expect(await admin.locator('[data-testid=priority-select]').inputValue()).toBe('normal');
    expect(await admin.locator('[data-testid=ticket-team]').count()).toBe(0);
    expect(await ticketTags(admin).textContent()).not.toContain('vip');
    expect(await admin.locator('[data-testid=history] li', { hasText: 'VIP mail' }).count()).toBe(0);
  }, 180_000);
});
