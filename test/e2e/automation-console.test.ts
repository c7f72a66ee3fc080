import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { automationRules, tickets } from '../../server/db/schema/index.ts';
import { browserWorld } from '../support/browser-world.ts';
import { seriousViolations } from '../support/axe.ts';
import { ADMIN, historyShows, ingestOverHttp, setUpAdmin, signedInDesk } from '../support/console.ts';
import { buildInbound } from '../support/factories.ts';
import { buildTokenUser } from '../support/http.ts';

const { server, desks } = browserWorld();
const rows = (page: Page) => page.locator('[data-testid=rule-row]');
const names = (page: Page) => rows(page).evaluateAll((els) => els.map((el) => el.getAttribute('data-rule')));

async function eventRuleVip(page: Page) {
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
  await action(1).locator('[data-testid=action-type]').selectOption('add_tags');
  await action(1).locator('[data-testid=param-tags]').fill('vip');
  await b.locator('[data-testid=rule-save]').click();
  await page.locator('[data-testid=rule-row][data-rule="VIP mail"]').waitFor();
}

async function timeRuleStale(page: Page) {
  await page.locator('[data-testid=rule-new-time]').click();
  const b = page.locator('[data-testid=rule-builder]');
  await b.locator('[data-testid=rule-name]').fill('Remind stale pending');
  // A time rule starts with "hours since the status changed ≥ 72"; narrow it to pending tickets.
  await b.locator('[data-testid=condition-add]').click();
  const status = b.locator('[data-testid=condition-row]').nth(1);
  await status.locator('[data-testid=condition-field]').selectOption('status');
  await status.locator('[data-testid=condition-op]').selectOption('in');
  await status.locator('[data-testid=condition-value] input[type=checkbox]').nth(2).check();
  const action = b.locator('[data-testid=action-row]').first();
  await action.locator('[data-testid=action-type]').selectOption('add_note');
  await action.locator('[data-testid=param-text]').fill('No answer from {{customer.name}} for 3 days: remind them.');
  await b.locator('[data-testid=rule-save]').click();
  await page.locator('[data-testid=rule-row][data-rule="Remind stale pending"]').waitFor();
}

describe('the automation console', { timeout: 240_000 }, () => {
  let admin: Page;
  let token: string;

  it('an admin builds an event rule and a time rule without code, reorders and switches them', async () => {
    admin = await desks.open('admin');
    await setUpAdmin(admin);
    token = (await buildTokenUser(server.ctx, ['agent'])).token;
    await admin.goto('/admin/automation');
    await admin.locator('[data-testid=rule-list]').waitFor();
    await admin.locator('[data-testid=rule-new-event]').click();
    await admin.locator('[data-testid=rule-builder]').waitFor();
    expect(await seriousViolations(admin)).toEqual([]);
    await admin.locator('[data-testid=rule-cancel]').click();

    await eventRuleVip(admin);
    await timeRuleStale(admin);
    expect(await names(admin)).toEqual(['VIP mail', 'Remind stale pending']);
    const [stale] = await server.ctx.db.select().from(automationRules).where(eq(automationRules.name, 'Remind stale pending'));
    expect(stale).toMatchObject({ kind: 'time', events: [], enabled: true });
    expect(stale!.conditions).toMatchObject({
      match: 'all',
      conditions: [
        { field: 'hours_since.status_changed', op: 'gte', value: 72 },
        { field: 'status', op: 'in', value: ['pending'] },
      ],
    });

    // Move the time rule up, then back; switch it off and on.
    await admin.locator('[data-testid=rule-row][data-rule="Remind stale pending"] [data-testid=rule-up]').click();
    await expect.poll(() => names(admin)).toEqual(['Remind stale pending', 'VIP mail']);
    await admin.locator('[data-testid=rule-row][data-rule="Remind stale pending"] [data-testid=rule-down]').click();
    await expect.poll(() => names(admin)).toEqual(['VIP mail', 'Remind stale pending']);
    const toggle = admin.locator('[data-testid=rule-row][data-rule="Remind stale pending"] [data-testid=rule-enabled]');
    await toggle.uncheck();
    await expect
      .poll(async () => (await server.ctx.db.select().from(automationRules).where(eq(automationRules.id, stale!.id)))[0]!.enabled)
      .toBe(false);
    await toggle.check();
    await expect
      .poll(async () => (await server.ctx.db.select().from(automationRules).where(eq(automationRules.id, stale!.id)))[0]!.enabled)
      .toBe(true);
    expect(await admin.locator('[data-testid=rule-row][data-rule="VIP mail"] [data-testid=rule-fired]').innerText()).toBe('Never fired');
  });

  it('tests the rule on a ticket, changing nothing; a new ticket from @vip.example.com is then changed by the rule', async () => {
    const before = await ingestOverHttp(
      server.url,
      token,
      buildInbound({ sender: { externalId: 'boss@vip.example.com', displayName: 'Big Boss' } }),
    );
    // The rule fired on that ticket already (it was created after the rule); test it on one from elsewhere too.
    const other = await ingestOverHttp(
      server.url,
      token,
      buildInbound({ sender: { externalId: 'someone@example.org', displayName: 'Someone' } }),
    );
    await admin.locator('[data-testid=rule-row][data-rule="VIP mail"] [data-testid=rule-edit]').click();
    const panel = admin.locator('[data-testid=rule-test]');
    await panel.locator('[data-testid=rule-test-number]').fill(String(other.ticketNumber));
    await panel.locator('[data-testid=rule-test-run]').click();
    await panel.locator('[data-testid=rule-test-result]', { hasText: `would not run on #${other.ticketNumber}` }).waitFor();
    expect(await panel.locator('[data-testid=rule-test-condition][data-holds=false]').count()).toBe(1);
    const [untouched] = await server.ctx.db.select().from(tickets).where(eq(tickets.id, other.ticketId));
    expect(untouched).toMatchObject({ priority: 'normal', tags: [] });

    const [vip] = await server.ctx.db.select().from(tickets).where(eq(tickets.id, before.ticketId));
    await expect
      .poll(async () => (await server.ctx.db.select().from(tickets).where(eq(tickets.id, before.ticketId)))[0], { timeout: 20_000 })
      .toMatchObject({ priority: 'high', tags: ['vip'] });
    await panel.locator('[data-testid=rule-test-number]').fill(String(vip!.number));
    await panel.locator('[data-testid=rule-test-run]').click();
    await panel.locator('[data-testid=rule-test-result]', { hasText: `would run on #${vip!.number}` }).waitFor();
    expect(await panel.locator('[data-testid=rule-test-condition][data-holds=true]').count()).toBe(1);

    await admin.goto(`/inbox/${before.ticketId}?view=all&status=any`);
    await historyShows(admin, 'by rule “VIP mail”', 15_000);
    await historyShows(admin, 'Rule “VIP mail” ran');
    await admin.goto('/admin/automation');
    await expect
      .poll(() => admin.locator('[data-testid=rule-row][data-rule="VIP mail"] [data-testid=rule-count]').innerText())
      .toBe('Fired once');
  });

  it('reads in Chinese and fits a 390 px phone with the builder open', async () => {
    await admin.locator('#console-nav [data-testid=language-select]').selectOption('zh-CN');
    await expect.poll(() => admin.evaluate<string>('document.documentElement.lang')).toBe('zh-CN');
    const phone = await signedInDesk(desks, 'admin-phone', ADMIN);
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto('/admin/automation');
    await phone.locator('h2', { hasText: '自动化规则' }).waitFor();
    await phone.locator('[data-testid=rule-row]').first().waitFor();
    await phone.locator('[data-testid=rule-row][data-rule="VIP mail"] [data-testid=rule-edit]').click();
    await phone.locator('[data-testid=rule-builder]').waitFor();
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await seriousViolations(phone)).toEqual([]);
  });
});
