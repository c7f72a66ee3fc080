import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { messages, teamMembers, teams, tickets, users } from '../../server/db/schema/index.ts';
import { bootstrapWidgetInbox } from '../../server/services/inboxes/bootstrap-widget-inbox.ts';
import { browserWorld } from '../support/browser-world.ts';
import { ADMIN, setUpAdmin, ticketRow } from '../support/console.ts';
import { until } from '../support/sockets.ts';

const { server, desks } = browserWorld({ widget: true });

// Playwright's CSS locators pierce the widget's open shadow root.
const w = (page: Page, testId: string) => page.locator(`[data-testid=${testId}]`);

/** A visitor on the demo shop with the chat open, past the (skippable) pre-chat questions. */
async function visitor(desk: string, online: boolean): Promise<Page> {
  const page = await desks.open(desk);
  await page.goto('/widget-demo');
  await w(page, 'widget-launcher').click();
  await page.locator(`[data-testid=widget-availability][data-online=${online}]`).waitFor({ timeout: 15_000 });
  await w(page, 'widget-prechat-skip').click();
  return page;
}

async function write(page: Page, text: string) {
  await w(page, 'widget-input').fill(text);
  await w(page, 'widget-input').press('Enter');
  await page.locator('[data-testid=widget-message][data-status=sent]', { hasText: text }).waitFor();
}

/** The ticket holding the customer's message `text`. */
async function ticketWith(text: string) {
  const [m] = await until(() => server.ctx.db.select({ id: messages.ticketId }).from(messages).where(eq(messages.text, text)), text);
  return (await server.ctx.db.select().from(tickets).where(eq(tickets.id, m!.id)))[0]!;
}

// A real server, a fresh database and two or three browsers; each step takes a while on a loaded 2-core machine.
describe('first run, as a new user meets it', { timeout: 180_000 }, () => {
  let admin: Page;
  const first = 'Hi, is the blue kettle in stock?';
  const second = 'My kettle arrived broken';

  it('fresh install: the first widget chat is assigned to the admin and shows in Mine', async () => {
    // What the first `npm start` does before anyone signs up.
    expect(await bootstrapWidgetInbox(server.ctx, { force: true })).toBeTruthy();
    admin = await desks.open('admin');
    await setUpAdmin(admin);
    const [me] = await server.ctx.db.select().from(users).where(eq(users.email, ADMIN.email));
    expect(me!.roles).toEqual(['admin', 'agent']);
    const [support] = await server.ctx.db.select().from(teams);
    expect(support).toMatchObject({ name: 'Support', assignOnReply: true });
    expect(await server.ctx.db.select({ userId: teamMembers.userId }).from(teamMembers)).toEqual([{ userId: me!.id }]);

    // The console opens on Mine, empty; the admin's console being open is what makes the widget say "online".
    expect(new URL(admin.url()).searchParams.get('view') ?? 'mine').toBe('mine');
    await admin.locator('[data-testid=inbox-empty]').waitFor();
    const customer = await visitor('customer', true);
    await write(customer, first);

    await ticketRow(admin, first).waitFor({ timeout: 15_000 });
    expect(await ticketWith(first)).toMatchObject({ assigneeId: me!.id, teamId: support!.id });
  });

  it('a chat that waited while the admin was away is theirs once they answer it; reports credit them with it and its 4★', async () => {
    await admin.selectOption('[data-testid=presence-select]', 'away');
    // No mailbox on a fresh install: the widget promises no email, only an answer here.
    const customer = await visitor('customer-2', false);
    expect(await w(customer, 'widget-away').textContent()).toContain('we will answer here as soon as we are back');
    expect(await w(customer, 'widget-email-input').count()).toBe(0);
    await write(customer, second);
    const waiting = await ticketWith(second);
    expect(waiting.assigneeId).toBeNull();

    await admin.goto('/inbox?view=unassigned');
    await ticketRow(admin, second).click({ timeout: 15_000 });
    await admin.waitForURL(`**/inbox/${waiting.id}**`);
    const composer = admin.locator('[data-testid=composer-input]');
    await composer.fill('Sorry about that, a new one is on its way.');
    await composer.press('Enter');
    await customer.locator('[data-testid=widget-message][data-author=agent]', { hasText: 'a new one is on its way' }).waitFor();
    // Answering it made it the admin's: it has left Unassigned for Mine.
    await admin.goto('/inbox?view=mine');
    await ticketRow(admin, second).click();
    await admin.waitForURL(`**/inbox/${waiting.id}**`);
    await admin.locator('[data-testid=action-resolve]').click();
    await admin.locator('[data-testid=action-reopen]').waitFor();

    const asking = customer.locator('[data-testid=widget-csat][data-state=ask]');
    await asking.getByRole('button', { name: '4 of 5', exact: true }).click();
    await asking.getByRole('button', { name: 'Send' }).click();
    await customer.locator('[data-testid=widget-csat][data-state=thanks]').waitFor();

    await admin.goto('/reports');
    const row = admin.locator(`[data-testid=agents-table] tr[data-agent="${ADMIN.name}"] td`);
    await row.first().waitFor();
    // name, assigned, replies, resolved, first response, handle time, CSAT
    await until(async () => (await row.nth(3).textContent())?.trim() === '1', 'one resolved ticket credited');
    expect((await row.allTextContents()).map((s) => s.trim())).toMatchObject([
      expect.stringContaining(ADMIN.name),
      '2',
      '1',
      '1',
      expect.any(String),
      expect.any(String),
      expect.stringMatching(/^4\s*\(1\)$/),
    ]);
  });
});
