import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fetchAsPage } from '../support/browser.ts';
import { browserWorld } from '../support/browser-world.ts';
import {
  ADMIN,
  historyShows,
  ingestOverHttp,
  logIn,
  setUpAdmin,
  signedInDesk,
  thread,
  ticketRow,
  watchForRow,
} from '../support/console.ts';
import { buildInbound } from '../support/factories.ts';
import { buildTokenUser } from '../support/http.ts';
import { until } from '../support/sockets.ts';

const { server, desks } = browserWorld({ env: { PRESENCE_GRACE_SECONDS: '1' } });
let token: string;
const BO = { name: 'Bo Agent', email: 'bo@example.com', password: 'bo-password-123' };

async function addAgentThroughAdminPage(admin: Page) {
  await admin.goto('/admin/users');
  const form = admin.locator('[data-testid=user-form]');
  await form.getByLabel('Name').fill(BO.name);
  await form.getByLabel('Email').fill(BO.email);
  await form.getByLabel('Initial password').fill(BO.password);
  await form.locator('button[type=submit]').click();
  await admin.locator('[data-testid=users] tr', { hasText: BO.name }).waitFor();
}

// Each step drives two browsers against a real server; on a loaded 2-core machine that takes tens of seconds.
describe('agent console, end to end', { timeout: 120_000 }, () => {
  let admin: Page;
  let bo: Page;
  let ticketId = '';
  const subject = 'Order 4411 has not arrived';

  it('sets up the admin, signs out and in again, and adds a second agent', async () => {
    admin = await desks.open('admin');
    const pageErrors: string[] = [];
    admin.on('pageerror', (err) => pageErrors.push(err.message));
    await setUpAdmin(admin);
    expect(await admin.locator('[data-testid=me]').textContent()).toBe(ADMIN.name);
    await admin.click('[data-testid=logout]');
    await admin.waitForURL('**/login**');
    // Signed out, a console screen asks to sign in first (without a script error); setup is over for good.
    await admin.goto('/inbox?view=all');
    await admin.waitForURL('**/login?next=%2Finbox%3Fview%3Dall');
    await admin.locator('input[name=email]').waitFor();
    expect(await admin.title()).toBe('Sign in · Switchboard');
    await admin.goto('/setup');
    await admin.waitForURL('**/login');
    expect(await admin.locator('input[name=name]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await logIn(admin, ADMIN.email, ADMIN.password);
    await admin.goto('/setup');
    await admin.waitForURL('**/inbox');
    await addAgentThroughAdminPage(admin);
    expect(await admin.title()).toBe('Users · Settings · Switchboard');
    bo = await signedInDesk(desks, 'bo', BO);
    expect(await bo.locator('[data-testid=me]').textContent()).toBe(BO.name);
    // The integration feeding tickets in (created only now: a fresh install must still ask for its first admin).
    token = (await buildTokenUser(server.ctx, ['agent'])).token;
  });

  it('answers an unknown address with its own not-found page, while the API and missing files keep real 404s', async () => {
    await admin.goto('/no/such/screen');
    const notFound = admin.locator('[data-testid=not-found]');
    await notFound.waitFor();
    expect(await notFound.innerText()).toContain('There is nothing at /no/such/screen.');
    expect(await admin.title()).toBe('Page not found · Switchboard');
    expect(await fetchAsPage(admin, 'GET', '/api/nope')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect((await fetch(`${server.url}/_app/immutable/chunks/nope.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/no-such-logo.png`)).status).toBe(404);
    for (const [path, type] of [
      ['/favicon.ico', 'image/x-icon'],
      ['/favicon.svg', 'image/svg+xml'],
    ]) {
      const icon = await fetch(`${server.url}${path}`);
      expect([icon.status, icon.headers.get('content-type')?.split(';')[0]]).toEqual([200, type]);
    }
    await admin.getByRole('link', { name: 'Go to the inbox' }).click();
    await admin.waitForURL('**/inbox');
  });

  it('shows a ticket created through POST /api/ingest in the open inbox within a second, without reload', async () => {
    await admin.goto('/inbox?view=all');
    await bo.goto('/inbox?view=unassigned');
    await admin.locator('[data-testid=inbox-empty]').waitFor();
    await bo.locator('[data-testid=inbox-empty]').waitFor();
    const seen = [watchForRow(admin, subject), watchForRow(bo, subject)];
    await Promise.all(seen.map((s) => s.armed));
    // The moment of commit: the server publishes ticket.created right after its transaction (same process as the test).
    let committed = 0;
    const off = server.ctx.events.on('ticket.created', () => (committed ||= Date.now()));
    const sent = Date.now();
    const created = await ingestOverHttp(
      server.url,
      token,
      buildInbound({ subject, text: '你好，我的订单三天了还没到。', sender: { externalId: 'li.lei@example.cn', displayName: '李雷' } }),
    );
    off();
    ticketId = created.ticketId;
    const [adminAt, boAt] = await Promise.all(seen.map((s) => s.appearedAt));
    // Page and test clocks are the same wall clock, give or take a few tens of ms between processes.
    console.info(
      `POST /api/ingest committed after ${committed - sent} ms; commit to row on screen: ${adminAt! - committed} ms (admin), ${boAt! - committed} ms (agent)`,
    );
    expect(adminAt! - committed).toBeLessThan(1_000);
    expect(boAt! - committed).toBeLessThan(1_000);
    // One marker on the new row: "Unread" (it is also highlighted as just arrived); the status badge says "New" once.
    const row = ticketRow(admin, subject);
    expect(await row.getAttribute('data-arrived')).toBe('true');
    expect(await row.locator('[data-testid=unread-marker]').textContent()).toBe('Unread');
    expect((await row.innerText()).match(/\bNew\b/g)).toEqual(['New']);
    await until(async () => (await admin.title()) === 'Inbox (1) · Switchboard', 'the unread count in the tab title');
    // The per-view counts follow shortly after (refreshed once the burst of events settles).
    const unassignedCount = bo.locator('[data-view=unassigned] [data-testid=view-count]');
    await until(async () => (await unassignedCount.textContent()) === '1', 'the Unassigned count to reach 1');

    // The customer adds a line at once: the list previews it (and the history folds the two messages, next test).
    const threadKey = (await server.ctx.db.query.tickets.findFirst({ where: (t, { eq }) => eq(t.id, ticketId) }))!.threadKey;
    await ingestOverHttp(server.url, token, {
      ...buildInbound({ sender: { externalId: 'li.lei@example.cn', displayName: '李雷' } }),
      threadKey,
      text: '订单号 4411，周一下的单。',
    });
    await ticketRow(admin, subject).locator('[data-testid=preview]', { hasText: '订单号 4411' }).waitFor();
  });

  it('replies, notes, assigns, escalates and resolves while a second agent watches live; history shows each step', async () => {
    await admin.goto('/canned');
    await admin.fill('[data-testid=canned-shortcut]', 'greet');
    await admin.fill('[data-testid=canned-title]', 'Greeting');
    await admin.fill('[data-testid=canned-body]', 'Hello {{customer.name}},');
    await admin.click('[data-testid=canned-save]');
    await admin.locator('[data-testid=canned-item]', { hasText: '/greet' }).waitFor();
    await admin.goto('/inbox?view=all');
    await ticketRow(admin, subject).click();
    await admin.waitForURL(`**/inbox/${ticketId}**`);
    await until(async () => /^#\d+ Order 4411 has not arrived · Switchboard$/.test(await admin.title()), 'the ticket in the tab title');
    await ticketRow(bo, subject).click();
    await bo.waitForURL(`**/inbox/${ticketId}**`);
    await thread(bo).first().waitFor();

    const composer = admin.locator('[data-testid=composer-input]');
    await composer.click();
    // "/" opens the canned responses; Enter inserts one with its placeholders filled for this ticket.
    await composer.pressSequentially('/gre');
    await admin.locator('[data-testid=canned-picker]', { hasText: '/greet' }).waitFor();
    await composer.press('Enter');
    await until(async () => (await composer.inputValue()) === 'Hello 李雷,', 'the rendered canned response in the composer');
    await bo.locator('[data-testid=typing-indicator]', { hasText: `${ADMIN.name} is typing` }).waitFor();
    await composer.press('Shift+Enter');
    await composer.pressSequentially('we are checking with the courier.');
    await composer.press('Enter');
    const reply = 'Hello 李雷,\nwe are checking with the courier.';
    await admin.locator('[data-testid=message][data-direction=out]', { hasText: 'checking with the courier' }).waitFor();
    const seenByBo = bo.locator('[data-testid=message][data-direction=out]', { hasText: 'checking with the courier' });
    await seenByBo.waitFor();
    expect(await seenByBo.locator('.body').innerText()).toBe(reply);
    // The outbox worker delivers it; both consoles learn of it live.
    await bo.locator('[data-testid=message][data-status=sent]', { hasText: 'checking with the courier' }).waitFor();
    await admin.locator('[data-testid=message][data-status=sent] [data-testid=delivery]', { hasText: 'Sent' }).waitFor();

    await admin.click('[data-testid=mode-note]');
    await composer.fill('Courier ticket CN-889 opened');
    await composer.press('Enter');
    await bo.locator('[data-testid=message][data-direction=note]', { hasText: 'CN-889' }).waitFor();

    await admin.selectOption('[data-testid=assignee-select]', { label: BO.name });
    await bo.locator('[data-testid=toasts]', { hasText: 'was assigned to you' }).waitFor();
    expect(await bo.locator('[data-testid=assignee-select] option:checked').textContent()).toBe(BO.name);

    await admin.click('[data-testid=action-escalate]');
    await admin.fill('[data-testid=escalate-reason]', 'Customer is a VIP');
    await admin.click('[data-testid=escalate-submit]');
    await bo.locator('[data-testid=escalation]', { hasText: 'Customer is a VIP' }).waitFor();

    // Shortcut: Escape leaves the composer, "e" resolves.
    await composer.press('Escape');
    await admin.keyboard.press('e');
    await bo.locator('[data-testid=ticket-status]', { hasText: 'Resolved' }).waitFor();

    for (const step of [
      'Ticket opened via API',
      '李雷 · Customer wrote 2 messages',
      'Replied to the customer',
      'Added an internal note',
      `Assigned to ${BO.name}`,
      'Escalated to level 1: Customer is a VIP',
      'Status changed from Open to Resolved',
    ]) {
      await historyShows(admin, step);
      await historyShows(bo, step);
    }
  });

  it('after a dropped socket reconnects, shows what happened meanwhile', async () => {
    await bo.goto('/inbox?view=all&status=any');
    await ticketRow(bo, subject).click();
    await thread(bo).first().waitFor();
    const boContext = desks.contexts[1]!;
    await boContext.setOffline(true);
    for (const s of await server.realtime.agents.fetchSockets()) if (s.data.user.email === BO.email) s.disconnect(false);
    await bo.locator('[data-testid=connection-lost]').waitFor();

    await ingestOverHttp(server.url, token, buildInbound({ subject: 'Printer on fire', text: 'Help!' }));
    const followUp = await ingestOverHttp(server.url, token, {
      ...buildInbound({ sender: { externalId: 'li.lei@example.cn', displayName: '李雷' } }),
      threadKey: (await server.ctx.db.query.tickets.findFirst({ where: (t, { eq }) => eq(t.id, ticketId) }))!.threadKey,
      text: 'Still nothing arrived',
    });
    expect(followUp.ticketId).toBe(ticketId);

    await boContext.setOffline(false);
    await bo.locator('[data-testid=connection-lost]').waitFor({ state: 'detached', timeout: 10_000 });
    await ticketRow(bo, 'Printer on fire').waitFor({ timeout: 5_000 });
    await bo.locator('[data-testid=message][data-direction=in]', { hasText: 'Still nothing arrived' }).waitFor({ timeout: 5_000 });
    await bo.locator('[data-testid=ticket-status]', { hasText: 'Open' }).waitFor();
  });
});
