import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserWorld } from '../support/browser-world.ts';
import { setUpAdmin, thread, ticketRow } from '../support/console.ts';
import { fixture, OUR_ADDRESS } from '../support/email.ts';
import { dovecotStandIn, smtpSinkStandIn } from '../support/mail-world.ts';

const dovecot = dovecotStandIn();
const sink = smtpSinkStandIn();
const { desks } = browserWorld();

async function connectMailbox(admin: Page) {
  await admin.goto('/admin/mailboxes');
  await admin.locator('[data-testid=no-mailboxes]').waitFor();
  const form = admin.locator('[data-testid=mailbox-form]');
  await form.locator('[data-testid=mail-address]').fill(OUR_ADDRESS);
  await form.locator('[data-testid=imap-host]').fill(dovecot.host);
  await form.locator('fieldset').nth(0).getByLabel('Port').fill(String(dovecot.port));
  await form.locator('fieldset').nth(0).getByLabel('TLS from the start').uncheck();
  await form.locator('[data-testid=imap-user]').fill(dovecot.user);
  await form.locator('[data-testid=imap-password]').fill(dovecot.password);
  await form.locator('[data-testid=smtp-host]').fill('127.0.0.1');
  await form.locator('fieldset').nth(1).getByLabel('Port').fill(String(sink.port));
  await form.locator('[data-testid=mailbox-create]').click();
}

describe('an admin connects a mailbox in the console', () => {
  it('connects it, mail becomes a ticket with quoted history folded (and no fold where nothing is quoted) and remote images dark, failures are listed', async () => {
    const admin = await desks.open('admin');
    await setUpAdmin(admin);
    await connectMailbox(admin);
    const card = admin.locator('[data-testid=mailbox]');
    await card.waitFor();
    expect(await card.textContent()).toContain(OUR_ADDRESS);
    await admin.locator('[data-testid=mailbox][data-state=connected]').waitFor({ timeout: 20_000 });

    const html = [
      'From: Alice Customer <alice@customer.example>',
      `To: ${OUR_ADDRESS}`,
      'Subject: Re: Toner',
      'Message-ID: <toner-2@customer.example>',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Still empty after the swap.</p><img src="https://track.example/p.gif" alt="pixel"><div class="gmail_quote"><p>Earlier: please swap the toner.</p></div>',
      '',
    ].join('\r\n');
    await dovecot.append(html);
    await dovecot.append(fixture('malformed.eml'));
    for (const name of ['plain-trailing-newline.eml', 'plain-quoted-reply.eml', 'html-blockquote-reply.eml'])
      await dovecot.append(fixture(name));

    await admin.goto('/inbox?view=all');
    await ticketRow(admin, 'Re: Toner').click({ timeout: 20_000 });
    const body = thread(admin).first().locator('[data-testid=email-html]');
    await expect.poll(() => body.textContent()).toContain('Still empty after the swap.');
    expect(await body.locator('text=please swap the toner').isVisible()).toBe(false);
    expect(await body.locator('img').getAttribute('src')).toBeNull();
    await thread(admin).first().locator('[data-testid=toggle-quoted]').click();
    await body.locator('text=please swap the toner').waitFor();
    await thread(admin).first().locator('[data-testid=load-images]').click();
    expect(await body.locator('img').getAttribute('src')).toBe('https://track.example/p.gif');

    const open = async (subject: string, testid: 'email-text' | 'email-html', words: string) => {
      await admin.goto('/inbox?view=all');
      await ticketRow(admin, subject).click({ timeout: 20_000 });
      const message = thread(admin).first();
      await expect.poll(() => message.locator(`[data-testid=${testid}]`).textContent()).toContain(words);
      return { message, body: message.locator(`[data-testid=${testid}]`) };
    };
    // A plain mail that merely ends with a newline has nothing to fold, so no toggle.
    const plain = await open('Invoice 2026-0317', 'email-text', 'Thanks\nCarol');
    expect(await plain.message.locator('[data-testid=toggle-quoted]').count()).toBe(0);

    const quoted = await open('Re: Scanner shows error E-12', 'email-text', 'Thanks, the new driver fixed it.');
    expect(await quoted.body.textContent()).not.toContain('Please install driver 2.1');
    await quoted.message.locator('[data-testid=toggle-quoted]').click();
    await expect.poll(() => quoted.body.textContent()).toContain('> Please install driver 2.1 and try again.');

    const cited = await open('Re: Router keeps rebooting', 'email-html', 'It still reboots every hour');
    expect(await cited.body.locator('text=Please update the firmware').isVisible()).toBe(false);
    await cited.message.locator('[data-testid=toggle-quoted]').click();
    await cited.body.locator('text=Please update the firmware').waitFor();

    await admin.goto('/admin/mailboxes');
    const failed = admin.locator('[data-testid=failed-mail-row]');
    await failed.waitFor();
    expect(await failed.textContent()).toContain('no valid sender address');
  }, 120_000);
});
