import { describe, expect, it } from 'vitest';
import { browserWorld } from '../support/browser-world.ts';
import { setUpAdmin, thread, ticketRow } from '../support/console.ts';
import { buildBotToken, eventually, loadUpdate } from '../support/telegram.ts';
import { telegramApiStandIn } from '../support/telegram-world.ts';

const api = telegramApiStandIn();
const { desks } = browserWorld({ env: () => ({ TELEGRAM_API_ROOT: api.apiRoot }) });

describe('an admin connects a Telegram bot in the console', () => {
  it('connects it, a customer message becomes a ticket, the agent answers into the chat, /start says the new greeting', async () => {
    const token = buildBotToken(622000222);
    const admin = await desks.open('admin');
    await setUpAdmin(admin);
    await admin.goto('/admin/telegram');
    await admin.locator('[data-testid=no-telegram-bots]').waitFor();

    const form = admin.locator('[data-testid=telegram-form]');
    await form.locator('[data-testid=telegram-token]').fill('not-a-token');
    await form.locator('[data-testid=telegram-create]').click();
    expect(await admin.locator('[data-testid=telegram-error]').textContent()).toContain('secrets.botToken');

    await form.locator('[data-testid=telegram-token]').fill(token);
    await form.locator('[data-testid=telegram-name]').fill('Acme support bot');
    await form.locator('[data-testid=telegram-create]').click();
    const card = admin.locator('[data-testid=telegram-bot][data-state=connected]');
    await card.waitFor({ timeout: 20_000 });
    expect(await card.textContent()).toContain('@test_622000222_bot');
    expect(await card.locator('[data-testid=telegram-status]').textContent()).toContain('Connected (long polling)');

    api.pushUpdates(token, loadUpdate('text', { update_id: 100 }));
    await admin.goto('/inbox?view=all');
    await ticketRow(admin, 'Hello, my order #4411 arrived broken.').click({ timeout: 20_000 });
    await expect.poll(() => thread(admin).first().textContent()).toContain('Can you help?');
    await admin.locator('[data-testid=composer-input]').fill('Sorry about that! A new one is on its way.');
    await admin.locator('[data-testid=composer-send]').click();
    const sent = await eventually(
      () => api.callsTo('sendMessage', token).find((c) => c.params.text === 'Sorry about that! A new one is on its way.'),
      'the reply in the chat',
      20_000,
    );
    expect(sent.params.chat_id).toBe(555000111);

    await admin.goto('/admin/telegram');
    await admin.locator('[data-testid=telegram-edit-open]').click();
    await admin.locator('[data-testid=telegram-greeting]').fill('Servus! Wie können wir helfen?');
    await admin.locator('[data-testid=telegram-save]').click();
    await admin.locator('[data-testid=telegram-edit]').waitFor({ state: 'detached' });
    api.pushUpdates(token, loadUpdate('start', { update_id: 101 }));
    await eventually(
      () => api.callsTo('sendMessage', token).some((c) => c.params.text === 'Servus! Wie können wir helfen?'),
      'the new greeting',
      20_000,
    );
  }, 180_000);
});
