import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.ts';
import { browserWorld } from '../support/browser-world.ts';
import { ADMIN, addPerson, setUpAdmin } from '../support/console.ts';

const { server, desks } = browserWorld();

const codeAt = (secret: string, offsetMs: number) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + offsetMs });
/**
 * Two-factor is turned on with the current code and signed in with the next 30-second step's: the server takes
 * ±1 step, and a later step than the one already used is never a replay, so no test waits for the clock to tick.
 */
const nextCode = (secret: string) => codeAt(secret, 30_000);

async function signOut(page: Page) {
  await page.locator('[data-testid=logout]').click();
  await page.waitForURL('**/login**');
}

async function passwordStep(page: Page) {
  await page.goto('/login');
  await page.fill('input[name=email]', ADMIN.email);
  await page.fill('input[name=password]', ADMIN.password);
  await page.click('button[type=submit]');
  await page.locator('[data-testid=two-factor-login]').waitFor();
  expect(page.url()).toContain('/login');
}

async function codeStep(page: Page, code: string) {
  await page.locator('[data-testid=two-factor-login] input[name=code]').fill(code);
  await page.locator('[data-testid=two-factor-login] button[type=submit]').click();
}

describe('Two-factor sign-in in the console', () => {
  it('an admin turns it on from the secret shown, then signs in with a code; a recovery code works once', async () => {
    const page = await desks.open('admin');
    await setUpAdmin(page);
    await page.goto('/profile');
    const card = page.locator('[data-testid=two-factor]');
    await card.getByText('Two-factor sign-in is off.').waitFor();
    await card.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    const secret = await page.locator('[data-testid=two-factor-secret]').inputValue();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const qr = card.getByRole('img', { name: 'QR code for your authenticator app' });
    await expect.poll(() => qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);

    await page.locator('[data-testid=two-factor-code]').fill(codeAt(secret, -600_000));
    await card.getByRole('button', { name: 'Turn on', exact: true }).click();
    await card.getByRole('alert').waitFor();
    await page.locator('[data-testid=two-factor-code]').fill(codeAt(secret, 0));
    await card.getByRole('button', { name: 'Turn on', exact: true }).click();
    await page.locator('[data-testid=two-factor-recovery]').waitFor();
    const codes = (await page.locator('[data-testid=two-factor-recovery] code').allInnerTexts()).map((c) => c.trim());
    expect(codes).toHaveLength(10);
    await page.locator('[data-testid=two-factor-done]').click();
    await card.getByText('Two-factor sign-in is on. 10 recovery codes left.').waitFor();

    await signOut(page);
    await passwordStep(page);
    await codeStep(page, '12345x');
    await page.getByText('That code is not right. Try the current code from the app.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await codeStep(page, nextCode(secret));
    await page.waitForURL('**/inbox**');
    await page.locator('[data-testid=me]').waitFor();

    await signOut(page);
    await passwordStep(page);
    await codeStep(page, codes[0]!);
    await page.waitForURL('**/inbox**');
    await page.goto('/profile');
    await card.getByText('Two-factor sign-in is on. 9 recovery codes left.').waitFor();

    await signOut(page);
    await passwordStep(page);
    await codeStep(page, codes[0]!);
    await page.getByText('That code is not right. Try the current code from the app.').waitFor();
    expect(page.url()).toContain('/login');
  });

  it('a supervisor whose role requires it is sent to set it up first; an admin resets it when the phone is lost', async () => {
    await server.reset(); // a fresh install: the first test's admin has two-factor on
    const admin = await desks.open('admin2');
    await setUpAdmin(admin);
    const sup = await addPerson(server.ctx, {
      name: 'Sam Supervisor',
      email: 'sam@example.com',
      roles: ['supervisor'],
      password: 'violet harbor quantum 47',
    });
    await admin.goto('/admin/users');
    const settings = admin.locator('[data-testid=two-factor-admin]');
    await settings.getByLabel('Supervisor', { exact: true }).check();
    await admin.getByText('Saved').first().waitFor();

    const page = await desks.open('supervisor');
    await page.goto('/login');
    await page.fill('input[name=email]', sup.email);
    await page.fill('input[name=password]', sup.password);
    await page.click('button[type=submit]');
    await page.waitForURL('**/two-factor-setup');
    await page.getByText('Your role requires two-factor sign-in. Set it up to continue.').waitFor();
    await page.goto('/inbox');
    await page.waitForURL('**/two-factor-setup');
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    const secret = await page.locator('[data-testid=two-factor-secret]').inputValue();
    await page.locator('[data-testid=two-factor-code]').fill(codeAt(secret, 0));
    await page.getByRole('button', { name: 'Turn on', exact: true }).click();
    await page.locator('[data-testid=two-factor-done]').click();
    await page.waitForURL('**/inbox**');
    await page.locator('[data-testid=me]').waitFor();

    await admin.reload();
    page.once('dialog', (d) => void d.accept());
    admin.once('dialog', (d) => void d.accept());
    await settings.getByRole('button', { name: 'Reset two-factor of Sam Supervisor' }).click();
    await admin.getByText('Two-factor sign-in of Sam Supervisor was reset').waitFor();
    // Signed out everywhere: the supervisor's next request sends them to sign in.
    await page.reload();
    await page.waitForURL('**/login**');
  });
});
