import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { tickets } from '../../server/db/schema/index.ts';
import { systemActor } from '../../server/services/actor.ts';
import { close } from '../../server/services/tickets/close.ts';
import { browserWorld } from '../support/browser-world.ts';
import { setUpAdmin, thread } from '../support/console.ts';
import { OUR_ADDRESS, waitFor } from '../support/email.ts';
import { dovecotStandIn, smtpSinkStandIn } from '../support/mail-world.ts';
import { buildBotToken, eventually, loadUpdate } from '../support/telegram.ts';
import { telegramApiStandIn } from '../support/telegram-world.ts';

const dovecot = dovecotStandIn();
const sink = smtpSinkStandIn();
const tg = telegramApiStandIn();
const { server, desks } = browserWorld({ env: () => ({ TELEGRAM_API_ROOT: tg.apiRoot }) });

let admin: Page | undefined;
/** The first admin at their desk, set up once for the file. */
async function adminDesk(): Promise<Page> {
  if (admin) return admin;
  admin = await desks.open('admin');
  await setUpAdmin(admin);
  return admin;
}

async function newConversation(page: Page, kind: 'email' | 'telegram' | 'phone' | 'in_person') {
  await page.locator('[data-testid=nav-new-conversation]').click();
  await page.waitForURL('**/new');
  await page.locator(`[data-testid=kind-${kind}]`).check();
  return page.locator('[data-testid=new-conversation]');
}

const ticketIdOf = (page: Page) => new URL(page.url()).pathname.split('/').at(-1)!;

describe('an agent starts a conversation', () => {
  it('by email with CC, BCC, Markdown and a file: the mail leaves signed with HTML and text parts, and the customer’s answer lands in the same ticket', async () => {
    const page = await adminDesk();
    await page.goto('/admin/mailboxes');
    const form = page.locator('[data-testid=mailbox-form]');
    await form.locator('[data-testid=mail-address]').fill(OUR_ADDRESS);
    await form.locator('[data-testid=imap-host]').fill(dovecot.host);
    await form.locator('fieldset').nth(0).getByLabel('Port').fill(String(dovecot.port));
    await form.locator('fieldset').nth(0).getByLabel('TLS from the start').uncheck();
    await form.locator('[data-testid=imap-user]').fill(dovecot.user);
    await form.locator('[data-testid=imap-password]').fill(dovecot.password);
    await form.locator('[data-testid=smtp-host]').fill('127.0.0.1');
    await form.locator('fieldset').nth(1).getByLabel('Port').fill(String(sink.port));
    await form.locator('[data-testid=mailbox-signature]').fill('**{agent.name}**\nAcme Support');
    await form.locator('[data-testid=mailbox-create]').click();
    await page.locator('[data-testid=mailbox][data-state=connected]').waitFor({ timeout: 20_000 });

    const start = await newConversation(page, 'email');
    await start.locator('[data-testid=new-to]').fill('ann@customer.example');
    await start.locator('[data-testid=new-cc]').fill('boss@customer.example');
    await start.locator('[data-testid=new-bcc]').fill('audit@acme.example');
    await start.locator('[data-testid=new-subject]').fill('Your replacement kettle');
    await start.locator('[data-testid=new-body]').fill('**Good news**: a new kettle ships today.\n\n- tracking AB123\n- arrives Friday');
    await start
      .locator('[data-testid=new-files]')
      .setInputFiles({ name: 'label.txt', mimeType: 'text/plain', buffer: Buffer.from('DHL AB123') });
    await start.locator('[data-testid=new-submit]').click();
    await page.waitForURL(/\/inbox\/[0-9a-f-]{36}$/);
    const ticketId = ticketIdOf(page);
    const first = thread(page).first();
    await first.locator('strong', { hasText: 'Good news' }).waitFor();
    expect(await first.locator('[data-testid=message-recipients]').textContent()).toContain('Cc: boss@customer.example');

    const mail = await waitFor(() => sink.received.find((m) => m.parsed.subject?.includes('Your replacement kettle')), 'the first mail');
    expect(mail.to.sort()).toEqual(['ann@customer.example', 'audit@acme.example', 'boss@customer.example']);
    expect(mail.parsed.headers.get('bcc')).toBeUndefined();
    expect(mail.parsed.cc && 'text' in mail.parsed.cc ? mail.parsed.cc.text : '').toBe('boss@customer.example');
    expect(mail.parsed.subject).toMatch(/^Your replacement kettle \[#\d+\]$/);
    expect(mail.parsed.html).toContain('<strong>Good news</strong>: a new kettle ships today.');
    expect(mail.parsed.html).toContain('<li>tracking AB123</li>');
    expect(mail.parsed.html).toContain('<strong>Ada Admin</strong><br />Acme Support');
    expect(mail.parsed.text).toContain(
      'Good news: a new kettle ships today.\n\n- tracking AB123\n- arrives Friday\n\nAda Admin\nAcme Support',
    );
    expect(mail.parsed.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([['label.txt', 'DHL AB123']]);

    // The customer answers from their mail client, copying their colleague: the answer joins this ticket.
    await dovecot.append(
      [
        'From: Ann Lee <ann@customer.example>',
        `To: ${OUR_ADDRESS}`,
        'Cc: Boss <boss@customer.example>, Carl <carl@customer.example>',
        `Subject: Re: ${mail.parsed.subject}`,
        'Message-ID: <ann-answer-1@customer.example>',
        `In-Reply-To: ${mail.parsed.messageId}`,
        `References: ${mail.parsed.messageId}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Thanks, Friday works for me.',
        '',
      ].join('\r\n'),
    );
    await expect
      .poll(() => thread(page).allTextContents(), { timeout: 30_000 })
      .toEqual([expect.stringContaining('Good news'), expect.stringContaining('Thanks, Friday works for me.')]);
    expect(ticketIdOf(page)).toBe(ticketId);

    // The next reply copies whom the customer copied.
    await expect.poll(() => page.locator('[data-testid=reply-cc]').inputValue()).toBe('boss@customer.example, carl@customer.example');
    await page.locator('[data-testid=composer-input]').fill('See you _Friday_.');
    await page.locator('[data-testid=composer-send]').click();
    const second = await waitFor(() => sink.received.find((m) => m.parsed.text?.includes('See you Friday.')), 'the reply');
    expect(second.to.sort()).toEqual(['ann@customer.example', 'boss@customer.example', 'carl@customer.example']);
    expect(second.parsed.inReplyTo).toBe('<ann-answer-1@customer.example>');
    expect(second.parsed.html).toContain('<em>Friday</em>');

    // Forwarded to the supplier, quoted with its file.
    await page.locator('[data-testid=forward-open]').click();
    await page.locator('[data-testid=forward-dialog][open] [data-testid=forward-to]').fill('repairs@supplier.example');
    await page.locator('[data-testid=forward-dialog][open] [data-testid=forward-note]').fill('Please ship the replacement.');
    await page.locator('[data-testid=forward-dialog][open] [data-testid=forward-submit]').click();
    const fwd = await waitFor(() => sink.received.find((m) => m.to.includes('repairs@supplier.example')), 'the forward');
    expect(fwd.to).toEqual(['repairs@supplier.example']);
    expect(fwd.parsed.subject).toMatch(/^Fwd: Your replacement kettle \[#\d+\]$/);
    expect(fwd.parsed.text).toContain('Please ship the replacement.');
    expect(fwd.parsed.text).toContain('Thanks, Friday works for me.');
    expect(fwd.parsed.attachments.map((a) => a.filename)).toEqual(['label.txt']);
    await page.locator('[data-testid=message-recipients]', { hasText: 'Forwarded to repairs@supplier.example' }).waitFor();
  }, 180_000);

  it('records a phone call with a new caller as a resolved phone ticket whose outcome is a note; it cannot be replied to', async () => {
    const page = await adminDesk();
    const start = await newConversation(page, 'phone');
    await start.locator('[data-testid=record-name]').fill('李雷');
    await start.locator('[data-testid=record-phone]').fill('+86 138 0000 1111');
    await start.locator('[data-testid=new-subject]').fill('打印机无法启动');
    await start.locator('[data-testid=new-body]').fill('Walked through a reset; it prints again.');
    expect(await start.locator('[data-testid=new-status]').inputValue()).toBe('resolved');
    await start.locator('[data-testid=new-submit]').click();
    await page.waitForURL(/\/inbox\/[0-9a-f-]{36}$/);
    const note = thread(page).first();
    await note.waitFor();
    expect(await note.getAttribute('data-direction')).toBe('note');
    expect(await note.textContent()).toContain('Walked through a reset; it prints again.');
    expect(await note.locator('svg[aria-label=Phone]').count()).toBe(1);
    expect(await page.locator('[data-testid=mode-reply]').isDisabled()).toBe(true);
    expect(await page.locator('[data-testid=mode-note]').getAttribute('aria-selected')).toBe('true');
  }, 120_000);

  it('by Telegram to a customer who wrote to the bot: refused while their chat is open, then sent into that chat', async () => {
    const page = await adminDesk();
    const token = buildBotToken(633000333);
    await page.goto('/admin/telegram');
    const form = page.locator('[data-testid=telegram-form]');
    await form.locator('[data-testid=telegram-token]').fill(token);
    await form.locator('[data-testid=telegram-name]').fill('Acme bot');
    await form.locator('[data-testid=telegram-create]').click();
    await page.locator('[data-testid=telegram-bot][data-state=connected]').waitFor({ timeout: 20_000 });
    tg.pushUpdates(token, loadUpdate('text', { update_id: 300 }));
    const [earlier] = await eventually(
      async () => {
        const rows = await server.ctx.db.select().from(tickets).where(eq(tickets.channel, 'telegram'));
        return rows.length ? rows : null;
      },
      'the customer’s chat as a ticket',
      20_000,
    );

    const start = await newConversation(page, 'telegram');
    await start.locator('[data-testid=customer-picker-search]').fill('Anna');
    await start.locator('[data-testid=customer-option]', { hasText: 'Anna' }).click();
    await start.locator('[data-testid=new-body]').fill('**Update**: your new order ships tomorrow.');
    await start.locator('[data-testid=new-submit]').click();
    const refusal = page.locator('[data-testid=new-error]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain(`#${earlier!.number}`);
    expect(await refusal.locator('a').getAttribute('href')).toBe(`/inbox/${earlier!.id}`);

    await close(server.ctx, systemActor('test'), earlier!.id, {});
    await start.locator('[data-testid=new-submit]').click();
    await page.waitForURL(/\/inbox\/[0-9a-f-]{36}$/);
    expect(ticketIdOf(page)).not.toBe(earlier!.id);
    const sent = await eventually(
      () => tg.callsTo('sendMessage', token).find((c) => String(c.params.text).includes('your new order ships tomorrow')),
      'the message in the chat',
      20_000,
    );
    expect(sent.params).toMatchObject({ chat_id: 555000111, text: 'Update: your new order ships tomorrow.' });
  }, 120_000);
});
