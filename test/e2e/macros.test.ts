import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { and, eq, inArray } from 'drizzle-orm';
import { messages, tickets } from '../../server/db/schema/index.ts';
import { seriousViolations } from '../support/axe.ts';
import { browserWorld } from '../support/browser-world.ts';
import { addPerson, historyShows, ingestOverHttp, setUpAdmin, signedInDesk } from '../support/console.ts';
import { buildInbound } from '../support/factories.ts';
import { buildTokenUser } from '../support/http.ts';

const { server, desks } = browserWorld();
const BO = { name: 'Bo Agent', email: 'bo@example.com', password: 'bo-password-123', roles: ['agent' as const] };
const CUSTOMERS = ['Mei Chen', 'Ana Lopez', 'Jonas Berg'];

async function buildRefundMacro(page: Page) {
  await page.goto('/macros');
  const form = page.locator('[data-testid=macro-form]').first();
  await form.locator('[data-testid=macro-name]').fill('Refund approved');
  const row = (i: number) => form.locator('[data-testid=action-row]').nth(i);
  await row(0).locator('[data-testid=action-type]').selectOption('send_reply');
  await row(0).locator('[data-testid=param-text]').fill('Dear {{customer.name}}, your refund for #{{ticket.number}} is approved.');
  await form.locator('[data-testid=action-add]').click();
  await row(1).locator('[data-testid=action-type]').selectOption('add_tags');
  await row(1).locator('[data-testid=param-tags]').fill('refund');
  await form.locator('[data-testid=action-add]').click();
  await row(2).locator('[data-testid=action-type]').selectOption('set_status');
  await row(2).locator('[data-testid=param-status]').selectOption('resolved');
  await form.locator('[data-testid=macro-save]').click();
  await page.locator('[data-testid=macro-item]', { hasText: 'Refund approved' }).waitFor();
}

describe('macros in the console', { timeout: 180_000 }, () => {
  let bo: Page;
  let admin: Page;

  it('an agent writes “Refund approved” and applies it to three selected tickets after a preview', async () => {
    admin = await desks.open('admin');
    await setUpAdmin(admin);
    await addPerson(server.ctx, BO);
    const token = (await buildTokenUser(server.ctx, ['agent'])).token;
    const ids: string[] = [];
    for (const [i, name] of CUSTOMERS.entries()) {
      const sender = { externalId: `${name.split(' ')[0]!.toLowerCase()}@example.com`, displayName: name };
      ids.push(
        (await ingestOverHttp(server.url, token, buildInbound({ subject: `Refund request ${i + 1}`, text: 'Where is my money?', sender })))
          .ticketId,
      );
    }
    await ingestOverHttp(server.url, token, buildInbound({ subject: 'Refund request 4', text: 'Not this one' }));

    bo = await signedInDesk(desks, 'bo', BO);
    await bo.locator('[data-testid=nav-macros]').click();
    await bo.waitForURL('**/macros');
    await buildRefundMacro(bo);
    // A step left unchosen is refused by the server, naming it; nothing is saved.
    const form = bo.locator('[data-testid=macro-form]').first();
    await form.locator('[data-testid=macro-name]').fill('Half done');
    await form.locator('[data-testid=macro-save]').click();
    await expect.poll(() => form.locator('[data-testid=macro-error]').innerText()).toMatch(/actions\.0/);
    expect(await bo.locator('[data-testid=macro-item]').count()).toBe(1);

    await bo.goto(`/inbox?view=all&q=${encodeURIComponent('Refund request')}`);
    const rows = bo.locator('[data-testid=row-select]');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(4);
    const subjects = await bo.locator('[data-testid=ticket-row]').allInnerTexts();
    for (const [i, text] of subjects.entries()) if (!/Refund request 4/.test(text)) await rows.nth(i).check();
    expect(await bo.locator('[data-testid=selected-count]').innerText()).toBe('3 selected');

    await bo.locator('[data-testid=bulk-macros]').click();
    await bo.locator('[data-testid=macro-option]', { hasText: 'Refund approved' }).click();
    const dialog = bo.locator('[data-testid=macro-dialog]');
    await expect.poll(() => dialog.locator('[data-testid=macro-preview-ticket]').count(), { timeout: 10_000 }).toBe(3);
    const preview = await dialog.locator('[data-testid=macro-preview]').innerText();
    for (const name of CUSTOMERS) expect(preview).toMatch(new RegExp(`Dear ${name}, your refund for #\\d+ is approved\\.`));
    expect(preview).toContain('Tags added: refund');
    expect(preview).toContain('Status: New → Resolved');
    // The preview changed nothing.
    const before = await server.ctx.db.select().from(tickets).where(inArray(tickets.id, ids));
    expect(before.every((t) => t.status === 'new' && t.tags.length === 0)).toBe(true);

    await dialog.locator('[data-testid=macro-apply]').click();
    await dialog.locator('[data-testid=macro-outcome]', { hasText: '“Refund approved” applied to 3 tickets' }).waitFor({ timeout: 30_000 });
    expect(await dialog.locator('[data-testid=macro-result]', { hasText: 'Applied' }).count()).toBe(3);
    await dialog.locator('[data-testid=macro-close]').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await bo.locator('[data-testid=selected-count]').count()).toBe(0);

    const after = await server.ctx.db.select().from(tickets).where(inArray(tickets.id, ids));
    for (const row of after) expect(row).toMatchObject({ status: 'resolved', tags: ['refund'] });
    const replies = await server.ctx.db
      .select()
      .from(messages)
      .where(and(inArray(messages.ticketId, ids), eq(messages.direction, 'out')));
    expect(replies).toHaveLength(3);

    // Each ticket's history names the macro; the list shows it used three times.
    await bo.goto(`/inbox/${ids[0]}?view=all&status=any`);
    await historyShows(bo, 'Macro “Refund approved” applied', 10_000);
    await bo.goto('/macros');
    await bo.locator('[data-testid=macro-item]', { hasText: 'Used 3 times' }).waitFor();
  });

  it('applies from a ticket’s header, and an agent cannot see a colleague’s personal macro', async () => {
    const token = (await buildTokenUser(server.ctx, ['agent'])).token;
    const { ticketId } = await ingestOverHttp(server.url, token, buildInbound({ subject: 'Refund request 5', text: 'Refund please' }));
    await bo.goto(`/inbox/${ticketId}?view=all&status=any`);
    await bo.locator('[data-testid=ticket-macros]').click();
    await bo.locator('[data-testid=macro-option]', { hasText: 'Refund approved' }).click();
    const dialog = bo.locator('[data-testid=macro-dialog]');
    await dialog.locator('[data-testid=macro-apply]', { hasText: 'Apply to 1 ticket' }).click();
    await dialog.locator('[data-testid=macro-outcome]').waitFor({ timeout: 20_000 });
    await dialog.locator('[data-testid=macro-close]').click();
    await expect.poll(() => bo.locator('[data-testid=ticket-status]').innerText(), { timeout: 10_000 }).toBe('Resolved');
    await historyShows(bo, 'Macro “Refund approved” applied', 10_000);

    await admin.goto('/macros');
    await admin.locator('[data-testid=macro-list]').waitFor();
    expect(await admin.locator('[data-testid=macro-item]', { hasText: 'Refund approved' }).count()).toBe(0);
  });

  it('the macros page and the preview dialog pass axe and fit a 390 px phone', async () => {
    const phone = await signedInDesk(desks, 'bo-phone', BO);
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto('/macros');
    await phone.locator('[data-testid=macro-item]').first().waitFor();
    await phone.locator('[data-testid=macro-form] [data-testid=action-type]').first().selectOption('send_reply');
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await seriousViolations(phone)).toEqual([]);
    const token = (await buildTokenUser(server.ctx, ['agent'])).token;
    const { ticketId } = await ingestOverHttp(server.url, token, buildInbound({ subject: 'Refund request 6', text: 'Refund please' }));
    await phone.goto(`/inbox/${ticketId}?view=all&status=any`);
    await phone.locator('[data-testid=ticket-macros]').click();
    await phone.locator('[data-testid=macro-option]', { hasText: 'Refund approved' }).click();
    await phone.locator('[data-testid=macro-preview-ticket]').waitFor();
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await seriousViolations(phone)).toEqual([]);
  });
});
