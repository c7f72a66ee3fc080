import { and, count, eq, inArray, ne } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { customers, messages, tickets } from '../../server/db/schema/index.ts';
import { updateCustomer } from '../../server/services/customers/update-customer.ts';
import { bootstrapWidgetInbox } from '../../server/services/inboxes/bootstrap-widget-inbox.ts';
import { systemActor } from '../../server/services/actor.ts';
import { browserWorld } from '../support/browser-world.ts';
import { ingestOverHttp, setUpAdmin, ticketRow } from '../support/console.ts';
import { buildInbound, buildTicket } from '../support/factories.ts';
import { buildTokenUser } from '../support/http.ts';
import { until } from '../support/sockets.ts';

const { server, desks } = browserWorld({ widget: true });
const w = (page: Page, testId: string) => page.locator(`[data-testid=${testId}]`);

/** Every message of every ticket of the customer: what "nothing lost" counts. */
async function messagesOf(customerId: string) {
  const [row] = await server.ctx.db
    .select({ n: count() })
    .from(messages)
    .where(inArray(messages.ticketId, server.ctx.db.select({ id: tickets.id }).from(tickets).where(eq(tickets.customerId, customerId))));
  return row!.n;
}

async function search(page: Page, q: string) {
  await page.locator('[data-testid=customer-search]').fill(q);
  await page.waitForURL((u) => u.searchParams.get('q') === q);
  await page.locator('[data-testid=customer-list][aria-busy=false]').waitFor();
  return page.locator('[data-testid=customer-row]');
}

// A real server and two browsers; each step takes a while on a loaded 2-core machine.
describe('contacts, as an agent uses them', { timeout: 180_000 }, () => {
  let admin: Page;
  let fang = '';
  let fangW = '';

  it('finds a customer by phone and by Chinese name, and edits them', async () => {
    await bootstrapWidgetInbox(server.ctx, { force: true });
    admin = await desks.open('admin');
    await setUpAdmin(admin);
    const mail = await buildTicket(server.ctx, {
      channel: 'email',
      sender: { externalId: 'wang.fang@example.cn', displayName: '王芳' },
      subject: '我的订单还没到',
      text: '我的订单还没到',
    });
    fang = mail.customerId;
    await updateCustomer(server.ctx, systemActor('test'), fang, { phone: '+86 (138) 0000-1234' });
    const tg = await buildTicket(server.ctx, {
      channel: 'telegram',
      threadKey: 'chat-8801',
      sender: { externalId: '8801', displayName: 'Fang W', meta: { username: 'fangw' } },
      text: '你好，还是订单的事',
    });
    fangW = tg.customerId;
    await buildTicket(server.ctx, { sender: { externalId: 'someone-else', displayName: 'Someone Else' } });

    await admin.locator('[data-testid=nav-customers]').click();
    await admin.waitForURL('**/customers');
    await admin.locator('[data-testid=customer-row]').nth(2).waitFor();
    const byPhone = await search(admin, '138 0000 1234');
    expect(await byPhone.count()).toBe(1);
    expect(await byPhone.first().textContent()).toContain('王芳');
    const byName = await search(admin, '王芳');
    expect(await byName.count()).toBe(1);
    expect(await byName.locator('[data-testid=customer-open]').textContent()).toBe('1');

    await byName.locator('a', { hasText: '王芳' }).click();
    await admin.waitForURL(`**/customers/${fang}`);
    await w(admin, 'customer-tier').fill('gold');
    await w(admin, 'customer-notes').fill('Prefers Chinese, email only');
    await w(admin, 'customer-save').click();
    await until(async () => {
      const [row] = await server.ctx.db.select().from(customers).where(eq(customers.id, fang));
      return row!.tier === 'gold' && row!.notes === 'Prefers Chinese, email only' ? [row] : [];
    }, 'customer saved');
    await admin.reload();
    expect(await w(admin, 'customer-tier').inputValue()).toBe('gold');
    expect(await w(admin, 'customer-tickets').textContent()).toContain('我的订单还没到');
  });

  it('merges the Telegram customer into the email one after a preview: nothing is lost, tickets stay separate', async () => {
    const before = (await messagesOf(fang)) + (await messagesOf(fangW));
    await admin.goto(`/customers/${fangW}`);
    await w(admin, 'customer-merge').click();
    await w(admin, 'merge-search').fill('王芳');
    await w(admin, 'merge-candidate').first().click();
    const preview = w(admin, 'merge-preview');
    await preview.waitFor();
    expect(await w(admin, 'merge-moves-messages').textContent()).toBe('1 message');
    expect(await w(admin, 'merge-after').textContent()).toBe(`Afterwards 王芳 has 2 tickets and ${before} messages.`);
    await w(admin, 'merge-confirm').click();
    await admin.waitForURL(`**/customers/${fang}`);
    await w(admin, 'customer-identities').locator('li', { hasText: '@fangw' }).waitFor();
    expect(await messagesOf(fang)).toBe(before);
    expect(await messagesOf(fangW)).toBe(0);
    expect(await server.ctx.db.$count(tickets, and(eq(tickets.customerId, fang), ne(tickets.status, 'closed')))).toBe(2);
    const [gone] = await server.ctx.db.select().from(customers).where(eq(customers.id, fangW));
    expect(gone!.mergedIntoId).toBe(fang);

    // The merged customer's old link leads to the survivor; the list no longer has them.
    await admin.goto(`/customers/${fangW}`);
    await admin.waitForURL(`**/customers/${fang}`);
    await admin.goto('/customers');
    const rows = await search(admin, 'fang');
    expect(await rows.count()).toBe(1);
  });

  it('shows a web-chat visitor’s browser, page and local time, and blocking sends their next message to Spam', async () => {
    const visitor = await desks.open('visitor');
    await visitor.goto('/widget-demo');
    await w(visitor, 'widget-launcher').click();
    await w(visitor, 'widget-prechat-skip').click();
    const say = async (text: string) => {
      await w(visitor, 'widget-input').fill(text);
      await w(visitor, 'widget-input').press('Enter');
      await visitor.locator('[data-testid=widget-message][data-status=sent]', { hasText: text }).waitFor();
    };
    await say('Is the kettle in stock?');
    await admin.goto('/inbox?view=all');
    await ticketRow(admin, 'Is the kettle in stock?').click();
    const line = admin.locator('[data-testid=customer-panel] [data-testid=visitor-line]');
    await line.waitFor();
    expect(await line.textContent()).toMatch(/^Chrome on Linux · \/widget-demo · \d\d:\d\d local$/);

    await admin.locator('[data-testid=customer-page-link]').click();
    await admin.waitForURL('**/customers/*');
    expect(await w(admin, 'customer-identities').locator('[data-testid=visitor-line]').textContent()).toContain('/widget-demo');
    admin.once('dialog', (d) => void d.accept());
    await w(admin, 'customer-block').click();
    await w(admin, 'customer-blocked').waitFor();

    await say('Buy cheap watches now');
    const [m] = await until(() => server.ctx.db.select().from(messages).where(eq(messages.text, 'Buy cheap watches now')), 'spam kept');
    const [spamTicket] = await server.ctx.db.select().from(tickets).where(eq(tickets.id, m!.ticketId));
    expect(spamTicket!.spam).toBe(true);

    // An integration's message from a blocked customer lands in Spam too, not in Unassigned.
    const { token } = await buildTokenUser(server.ctx, ['agent']);
    const crm = { externalId: 'crm-4711', displayName: 'Bulk Sender' };
    const first = await ingestOverHttp(server.url, token, buildInbound({ sender: crm, text: 'First offer' }));
    const [row] = await server.ctx.db.select({ customerId: tickets.customerId }).from(tickets).where(eq(tickets.id, first.ticketId));
    await admin.goto(`/customers/${row!.customerId}`);
    admin.once('dialog', (d) => void d.accept());
    await w(admin, 'customer-block').click();
    await w(admin, 'customer-blocked').waitFor();
    await ingestOverHttp(server.url, token, buildInbound({ sender: crm, subject: 'Second offer', text: 'Second offer' }));

    await admin.goto('/inbox?view=unassigned&status=any');
    await admin.locator('[data-testid=ticket-list][aria-busy=false]').waitFor();
    expect(await ticketRow(admin, 'Second offer').count()).toBe(0);
    await admin.locator('[data-testid=views] [data-view=spam]').click();
    await ticketRow(admin, 'Second offer').waitFor();
    await ticketRow(admin, 'Buy cheap watches now').waitFor();
  });
});
