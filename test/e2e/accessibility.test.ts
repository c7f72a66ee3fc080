import { beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { tickets } from '../../server/db/schema/index.ts';
import { surveyTokens } from '../../server/services/csat/survey-token.ts';
import { bootstrapWidgetInbox } from '../../server/services/inboxes/bootstrap-widget-inbox.ts';
import { resolve } from '../../server/services/tickets/resolve.ts';
import { seriousViolations } from '../support/axe.ts';
import { browserWorld } from '../support/browser-world.ts';
import { setUpAdmin } from '../support/console.ts';
import { buildActor, buildTicket } from '../support/factories.ts';
import { buildArticle } from '../support/kb.ts';

/**
 * axe-core over every main screen, in English and Chinese: the console, the chat widget, the help center and the
 * rating page have no serious or critical violation. Found ones are printed by rule and node.
 */
const { server, desks } = browserWorld({ widget: true });
let admin: Page;
let ticketId = '';
let customerId = '';
let articleId = '';
let csatPath = '';

beforeAll(async () => {
  expect(await bootstrapWidgetInbox(server.ctx, { force: true })).toBeTruthy();
  admin = await desks.open('admin');
  await setUpAdmin(admin);
  const ticket = await buildTicket(server.ctx, {
    channel: 'email',
    sender: { externalId: 'li@customer.example', displayName: 'Li Lei' },
    subject: 'Invoice 2231 shows the wrong address',
    text: 'Hello, the invoice has my old address. Can you fix it?',
  });
  ticketId = ticket.ticketId;
  customerId = (await server.ctx.db.select({ id: tickets.customerId }).from(tickets).where(eq(tickets.id, ticketId)))[0]!.id;
  articleId = (await buildArticle(server.ctx, { title: 'Change the address on an invoice', body: 'Open **Billing**, then *Addresses*.' }))
    .id;
  const rated = await buildTicket(server.ctx, { channel: 'email', sender: { externalId: 'wang@customer.example' }, subject: 'Refund' });
  const view = await resolve(server.ctx, await buildActor(server.ctx, ['supervisor']), rated.ticketId);
  csatPath = `/csat/${surveyTokens(server.ctx.config).issue(rated.ticketId, new Date(view.resolvedAt!))}?rating=4`;
});

/** Visits each path, waits for what shows it is ready, and collects the serious and critical violations per path. */
async function scan(page: Page, screens: Array<[string, string]>): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const [path, ready] of screens) {
    await page.goto(path);
    const shown = await page
      .locator(ready)
      .first()
      .waitFor()
      .then(() => true)
      .catch(() => false);
    const violations = shown ? await seriousViolations(page) : [`the screen did not show ${ready}`];
    if (violations.length) found[path] = violations;
  }
  if (Object.keys(found).length)
    console.error(
      Object.entries(found)
        .map(([p, v]) => `${p}\n  ${v.join('\n  ')}`)
        .join('\n'),
    );
  return found;
}

const consoleScreens = (): Array<[string, string]> => [
  ['/inbox?view=all', '[data-testid=ticket-row]'],
  [`/inbox/${ticketId}`, '[data-testid=composer-input]'],
  ['/dashboard', 'h1'],
  ['/reports', 'h1'],
  ['/kb', 'h1'],
  [`/kb/${articleId}`, '[data-testid=kb-form]'],
  ['/kb/new', 'h1'],
  ['/kb/categories', 'h1'],
  ['/canned', 'h1'],
  ['/profile', 'h1'],
  ['/admin/users', '[data-testid=users]'],
  ['/admin/teams', '[data-testid=team-name]'],
  ['/admin/roles', 'h2'],
  ['/admin/routing', 'h2'],
  ['/admin/sla', 'h2'],
  ['/admin/calendars', 'h2'],
  ['/admin/mailboxes', 'h2'],
  ['/admin/telegram', 'h2'],
  ['/admin/widget', 'h2'],
  // Issue 17's new screens.
  ['/customers', '[data-testid=customer-row]'],
  [`/customers/${customerId}`, '[data-testid=customer-title]'],
  ['/search?q=invoice', '[data-testid=search-results], [data-testid=search-none]'],
  ['/new', 'h1'],
  ['/admin/tickets', '[data-testid=auto-close-days]'],
  // Issue 18: macros.
  ['/macros', '[data-testid=macro-form]'],
  ['/admin/automation', '[data-testid=rule-list]'],
];

const w = (page: Page, testId: string) => page.locator(`[data-testid=${testId}]`);

for (const locale of ['en', 'zh-CN'] as const) {
  describe(`accessibility in ${locale}`, { timeout: 300_000 }, () => {
    it('the sign-in page', async () => {
      const visitor = await desks.open(`signed-out-${locale}`, { locale });
      expect(await scan(visitor, [['/login', 'input[name=email]']])).toEqual({});
    });

    it('the console screens', async () => {
      if (locale !== 'en') {
        await admin.goto('/profile');
        await admin.locator('#console-nav [data-testid=language-select]').selectOption(locale);
        await expect.poll(() => admin.evaluate<string>('document.documentElement.lang')).toBe(locale);
      }
      expect(await scan(admin, consoleScreens())).toEqual({});
    });

    it('the chat widget, open with messages', async () => {
      const customer = await desks.open(`customer-${locale}`, { locale });
      await customer.goto('/widget-demo');
      await w(customer, 'widget-launcher').click();
      await w(customer, 'widget-prechat-skip').click();
      await w(customer, 'widget-input').fill(locale === 'en' ? 'Where is my parcel?' : '我的包裹在哪里？');
      await w(customer, 'widget-input').press('Enter');
      await customer.locator('[data-testid=widget-message][data-status=sent]').waitFor();
      expect(await seriousViolations(customer)).toEqual([]);

      // Resolved: the notice and the rating card are on screen too.
      const [chat] = await server.ctx.db
        .select({ id: tickets.id })
        .from(tickets)
        .where(eq(tickets.channel, 'widget'))
        .orderBy(desc(tickets.createdAt))
        .limit(1);
      await resolve(server.ctx, await buildActor(server.ctx, ['agent', 'supervisor']), chat!.id);
      await customer.locator('[data-testid=widget-csat][data-state=ask]').waitFor();
      await w(customer, 'widget-resolved').waitFor();
      expect(await seriousViolations(customer)).toEqual([]);
    });

    it('the help center and the rating page', async () => {
      const visitor = await desks.open(`public-${locale}`, { locale });
      const found = await scan(visitor, [
        ['/help', 'h1'],
        [`/help/articles/${articleId}`, 'h1'],
        [csatPath, 'h1'],
      ]);
      expect(found).toEqual({});
    });
  });
}
