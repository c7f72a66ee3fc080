import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserWorld } from '../support/browser-world.ts';
import { ingestOverHttp, setUpAdmin, thread, ticketRow as listRow } from '../support/console.ts';
import { buildInbound } from '../support/factories.ts';
import { buildTokenUser } from '../support/http.ts';
import { ticketRow } from '../support/ticket-world.ts';
import { buildBotToken, eventually, loadUpdate } from '../support/telegram.ts';
import { telegramApiStandIn } from '../support/telegram-world.ts';

const api = telegramApiStandIn();
const { server, desks } = browserWorld({ env: () => ({ TELEGRAM_API_ROOT: api.apiRoot }) });

async function connectBot(admin: Page, token: string) {
  await admin.goto('/admin/telegram');
  const form = admin.locator('[data-testid=telegram-form]');
  await form.locator('[data-testid=telegram-token]').fill(token);
  await form.locator('[data-testid=telegram-name]').fill('Acme support bot');
  await form.locator('[data-testid=telegram-create]').click();
  await admin.locator('[data-testid=telegram-bot][data-state=connected]').waitFor({ timeout: 20_000 });
}

const threadCount = async (page: Page, ticketId: string) => {
  await page.goto(`/inbox/${ticketId}?view=all&status=any`);
  await thread(page).first().waitFor();
  return thread(page).count();
};

// A real server, the Telegram adapter against the Bot API stand-in, and Chromium: tens of seconds on a loaded machine.
describe('merging two tickets in the console', { timeout: 180_000 }, () => {
  let admin: Page;
  let integration: string;

  it('moves every message into the survivor, links the merged one, replies on the survivor’s channel, and files later messages there', async () => {
    const token = buildBotToken(622000333);
    admin = await desks.open('admin');
    await setUpAdmin(admin);
    await connectBot(admin, token);
    integration = (await buildTokenUser(server.ctx, ['agent'])).token;

    // The survivor: a Telegram chat. The one merged into it: the same problem reported through the API channel.
    api.pushUpdates(token, loadUpdate('text', { update_id: 300 }));
    await admin.goto('/inbox?view=all');
    await listRow(admin, 'Hello, my order #4411 arrived broken.').click({ timeout: 20_000 });
    await admin.waitForURL(/\/inbox\/[0-9a-f-]{36}/);
    const survivorId = /\/inbox\/([0-9a-f-]{36})/.exec(admin.url())![1]!;
    const threadKey = `merge-e2e-${Date.now()}`;
    const sender = { externalId: 'anna@example.de', displayName: 'Anna Schmidt' };
    const source = await ingestOverHttp(
      server.url,
      integration,
      buildInbound({ threadKey, sender, subject: 'Parcel 4411 damaged', text: 'The box was crushed when it arrived.' }),
    );
    await ingestOverHttp(
      server.url,
      integration,
      buildInbound({ threadKey, sender, subject: 'Parcel 4411 damaged', text: 'Photos follow.' }),
    );

    const before = (await threadCount(admin, survivorId)) + (await threadCount(admin, source.ticketId));
    expect(before).toBe(3);

    // On the API ticket: Merge into… the Telegram ticket, found by its number; another customer's, so confirmed.
    const survivorNumber = (await ticketRow(server.ctx, survivorId)).number;
    await admin.locator('[data-testid=merge-open]').click();
    const dialog = admin.locator('[data-testid=merge-dialog]');
    await dialog.locator('[data-testid=finder-input]').fill(String(survivorNumber));
    await dialog.getByRole('button', { name: `Pick #${survivorNumber}` }).click();
    expect(await dialog.locator('[data-testid=merge-submit]').isDisabled()).toBe(true);
    await dialog.locator('[data-testid=merge-confirm-customer]').check();
    await dialog.locator('[data-testid=merge-submit]').click();
    await admin.waitForURL(`**/inbox/${survivorId}?**`);

    // Nothing lost, in time order: the chat message first, then the two API messages.
    await expect.poll(() => thread(admin).count()).toBe(before);
    const texts = await thread(admin).allInnerTexts();
    expect(texts[0]).toContain('arrived broken');
    expect(texts[1]).toContain('The box was crushed');
    expect(texts[2]).toContain('Photos follow.');
    await admin.locator('[data-testid=ticket-link][data-kind=merged]').waitFor();

    // The reply goes out on the survivor's channel: into the Telegram chat.
    await admin.locator('[data-testid=composer-input]').fill('Sorry! A new one is on its way.');
    await admin.locator('[data-testid=composer-send]').click();
    const sent = await eventually(
      () => api.callsTo('sendMessage', token).find((c) => c.params.text === 'Sorry! A new one is on its way.'),
      'the reply in the Telegram chat',
      20_000,
    );
    expect(sent.params.chat_id).toBe(555000111);

    // The merged ticket says where its conversation went, with a link there.
    await admin.goto(`/inbox/${source.ticketId}?view=all&status=any`);
    const notice = admin.locator('[data-testid=merged-notice]');
    await notice.waitFor();
    expect(await notice.innerText()).toContain(`Merged into #${survivorNumber}`);
    expect(await thread(admin).count()).toBe(0);

    // The customer writes again on the merged conversation: it lands in the survivor, live on screen.
    await admin.locator('[data-testid=merged-into]').click();
    await admin.waitForURL(`**/inbox/${survivorId}?**`);
    await expect.poll(() => thread(admin).count()).toBe(before + 1);
    const later = await ingestOverHttp(server.url, integration, buildInbound({ threadKey, sender, text: 'Is it shipped yet?' }));
    expect(later.ticketId).toBe(survivorId);
    await thread(admin).filter({ hasText: 'Is it shipped yet?' }).waitFor();
    expect(await thread(admin).count()).toBe(before + 2);
  });

  it('splits a later question off into its own linked ticket, and links and unlinks a related one', async () => {
    const threadKey = `split-e2e-${Date.now()}`;
    const sender = { externalId: 'li.lei@example.cn', displayName: '李雷' };
    const first = await ingestOverHttp(
      server.url,
      integration,
      buildInbound({ threadKey, sender, subject: '打印机坏了', text: '打印机无法开机。' }),
    );
    await ingestOverHttp(server.url, integration, buildInbound({ threadKey, sender, text: '另外，发票 88 号的金额不对。' }));
    await ingestOverHttp(server.url, integration, buildInbound({ threadKey, sender, text: '应该是 120 元。' }));
    await admin.goto(`/inbox/${first.ticketId}?view=all&status=any`);
    await expect.poll(() => thread(admin).count()).toBe(3);

    await admin.locator('[data-testid=split-open]').click();
    const dialog = admin.locator('[data-testid=split-dialog]');
    await dialog.getByLabel('另外，发票 88 号的金额不对。', { exact: false }).check();
    await dialog.locator('[data-testid=split-following]').check();
    await dialog.locator('[data-testid=split-subject]').fill('发票 88 金额');
    await dialog.locator('[data-testid=split-submit]').click();
    await admin.waitForURL((url) => /\/inbox\/[0-9a-f-]{36}/.test(url.pathname) && !url.pathname.includes(first.ticketId));
    await expect
      .poll(() => thread(admin).allInnerTexts())
      .toEqual([expect.stringContaining('发票 88 号'), expect.stringContaining('120 元')]);
    const splitFrom = admin.locator('[data-testid=ticket-link][data-kind=split]');
    expect(await splitFrom.innerText()).toMatch(new RegExp(`^Split from\\s+#${first.ticketNumber}\\s+打印机坏了`));
    await splitFrom.getByRole('link').click();
    await admin.waitForURL(`**/inbox/${first.ticketId}?**`);
    await expect.poll(() => thread(admin).count()).toBe(1);

    const other = await ingestOverHttp(
      server.url,
      integration,
      buildInbound({ subject: 'Printer model question', text: 'Which toner fits?' }),
    );
    await admin.locator('[data-testid=link-open]').click();
    const link = admin.locator('[data-testid=link-dialog]');
    await link.locator('[data-testid=finder-input]').fill('Printer model');
    await link.getByRole('button', { name: `Pick #${other.ticketNumber}` }).click();
    await link.locator('[data-testid=link-submit]').click();
    const related = admin.locator('[data-testid=ticket-link][data-kind=related]');
    await related.waitFor();
    expect(await related.innerText()).toContain(`#${other.ticketNumber}`);
    await related.getByRole('button', { name: `Unlink #${other.ticketNumber}` }).click();
    await related.waitFor({ state: 'detached' });
  });
});
