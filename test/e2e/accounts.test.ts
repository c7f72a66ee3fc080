import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { noImap } from '../support/account-mail.ts';
import { browserWorld } from '../support/browser-world.ts';
import { ADMIN, addPerson, logIn, setUpAdmin } from '../support/console.ts';
import { buildEmailInbox, waitFor } from '../support/email.ts';
import { freePort } from '../support/free-port.ts';
import { smtpSinkStandIn } from '../support/mail-world.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';

// Links in account mails point at PUBLIC_URL: the server is started on a port chosen first, so both agree.
const sink = smtpSinkStandIn();
let port = 0;
beforeAll(async () => void (port = await freePort()));
const { server, desks } = browserWorld({ env: () => ({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` }) });

async function mailedLink(s: SmtpSink, to: string, kind: 'reset' | 'invite', after: number): Promise<string> {
  return waitFor(
    () =>
      s.received
        .slice(after)
        .filter((m) => m.to.includes(to))
        .map((m) => m.parsed.text?.match(new RegExp(`https?://\\S+/${kind}/\\S+`))?.[0])
        .find(Boolean),
    `${kind} mail to ${to}`,
  );
}

/** The admin's browser, signed in by the first test and used again by the last. */
let adminPage: Page | undefined;

describe('accounts and passwords in Chromium', () => {
  it('an admin invites a colleague, who opens the link from the mail, sets a password and is in the console', async () => {
    const admin = (adminPage = await desks.open('admin'));
    await setUpAdmin(admin);
    await buildEmailInbox(server.ctx, noImap, { smtpPort: sink.port });
    await admin.goto('/admin/users');
    const form = admin.locator('[data-testid=invite-form]');
    await form.locator('input[name=invite-email]').fill('wei@example.com');
    await form.getByRole('button', { name: 'Invite' }).click();
    await admin.locator('[data-testid=invitation][data-email="wei@example.com"]').waitFor();

    const link = await mailedLink(sink, 'wei@example.com', 'invite', 0);
    expect(link.startsWith(server.url)).toBe(true);
    const wei = await desks.open('wei');
    await wei.goto(link);
    await wei.locator('input[name=name]').fill('Wei Zhang');
    await wei.locator('input[name=password]').fill('password123');
    await wei.click('button[type=submit]');
    await wei.getByRole('alert').getByText('This password is too common').waitFor();
    await wei.locator('input[name=password]').fill('lantern orchard marble');
    await wei.click('button[type=submit]');
    await wei.waitForURL('**/inbox**');
    await wei.locator('[data-testid=me]').waitFor();

    // The link worked once; the invitation is no longer pending.
    await wei.goto(link);
    await wei.locator('[data-testid=link-dead]').waitFor();
    await admin.reload();
    await admin.locator('[data-testid=invitations]').getByText('No pending invitations.').waitFor();
  }, 180_000);

  it('a user who forgot their password sets a new one from the mailed link and signs in with it', async () => {
    const who = await addPerson(server.ctx, { email: 'lina@example.com', name: 'Lina', roles: ['agent'], password: 'lina-password-123' });
    const before = sink.received.length;
    const page = await desks.open('lina');
    await page.goto('/login');
    await page.locator('[data-testid=forgot-link]').click();
    await page.waitForURL('**/forgot');
    await page.locator('input[name=email]').fill(who.email);
    await page.click('button[type=submit]');
    await page.locator('[data-testid=forgot-sent]').waitFor();

    const link = await mailedLink(sink, who.email, 'reset', before);
    await page.goto(link);
    await page.getByText(`For ${who.email}.`).waitFor();
    await page.locator('input[name=password]').fill('copper violin meadow');
    await page.click('button[type=submit]');
    await page.locator('[data-testid=reset-done]').waitFor();
    await logIn(page, who.email, 'copper violin meadow');
  }, 120_000);

  it('changing your password on Profile signs out your other browser', async () => {
    const laptop = await desks.open('admin-laptop');
    await logIn(laptop, ADMIN.email, ADMIN.password);
    const admin = adminPage!;
    await admin.goto('/profile');
    const card = admin.locator('[data-testid=change-password]');
    await card.locator('input[name=current-password]').fill(ADMIN.password);
    await card.locator('input[name=new-password]').fill('harbour pepper saddle');
    await card.getByRole('button', { name: 'Change password' }).click();
    await admin.getByText('Password changed. Your other devices were signed out.').waitFor();

    await laptop.goto('/profile');
    await laptop.waitForURL('**/login**');
    // This browser stays signed in.
    await admin.reload();
    await admin.locator('[data-testid=change-password]').waitFor();
    expect(admin.url()).toContain('/profile');
  }, 120_000);
});
