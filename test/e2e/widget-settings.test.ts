import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fetchAsPage } from '../support/browser.ts';
import { browserWorld } from '../support/browser-world.ts';
import { addPerson, setUpAdmin, signedInDesk } from '../support/console.ts';

const { server, desks } = browserWorld();
const PASSWORD = 'a-long-password-1';

const card = (page: Page) => page.locator('[data-testid=widget-inbox]');

async function createWidget(admin: Page, name: string): Promise<string> {
  await admin.goto('/admin/widget');
  await admin.locator('[data-testid=no-widgets]').waitFor();
  await admin.locator('[data-testid=widget-name]').fill(name);
  await admin.locator('[data-testid=widget-create]').click();
  await card(admin).waitFor();
  return (await card(admin).getAttribute('data-inbox-id'))!;
}

describe('an admin sets up the web chat widget in the console', () => {
  it('creates a widget inbox, tunes it with a live preview, copies the snippet; an agent is refused', async () => {
    const admin = await desks.open('admin');
    await setUpAdmin(admin);
    const id = await createWidget(admin, 'Website chat');
    expect(await card(admin).locator('[data-testid=inbox-name]').textContent()).toBe('Website chat');

    await admin.locator('[data-testid=widget-edit-open]').click();
    const launcher = admin.locator('[data-testid=widget-preview-launcher]');
    expect(await launcher.getAttribute('data-color')).toBe('#1f6feb');
    await admin.locator('[data-testid=widget-color]').fill('#d03050');
    await admin.locator('[data-testid=widget-position]').selectOption('left');
    await admin.locator('[data-testid=widget-greeting]').fill('Hallo! Wie können wir helfen?');
    // The preview follows the form before anything is saved.
    expect(await launcher.getAttribute('data-color')).toBe('#d03050');
    // Runs in the page; the test project has no DOM typings.
    const painted = await launcher.evaluate(
      (el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor,
    );
    expect(painted).toBe('rgb(208, 48, 80)');
    expect(await admin.locator('[data-testid=widget-preview]').getAttribute('data-position')).toBe('left');
    expect(await admin.locator('[data-testid=widget-preview-greeting]').textContent()).toContain('Hallo! Wie können wir helfen?');

    await admin.locator('[data-testid=widget-prechat-name]').selectOption('off');
    await admin.locator('[data-testid=widget-prechat-email]').selectOption('required');
    await admin.locator('[data-testid=widget-origins]').fill('shop.example.com');
    await admin.locator('[data-testid=widget-save]').click();
    expect(await admin.locator('[data-testid=inbox-edit-error]').textContent()).toContain('allowedOrigins');

    await admin.locator('[data-testid=widget-origins]').fill('https://shop.example.com\nhttps://help.example.com/');
    await admin.locator('[data-testid=widget-save]').click();
    await admin.locator('[data-testid=widget-edit]').waitFor({ state: 'detached' });
    await expect
      .poll(() => card(admin).locator('[data-testid=widget-status]').textContent())
      .toContain('https://shop.example.com, https://help.example.com');
    expect(await card(admin).locator('[data-testid=widget-swatch]').getAttribute('data-color')).toBe('#d03050');
    expect(await card(admin).locator('[data-testid=widget-summary]').textContent()).toContain('pre-chat name: not asked, email: required');

    const stored = (await fetchAsPage(admin, 'GET', `/api/inboxes/${id}`)).body as {
      inbox: { settings: Record<string, unknown>; secretsSet: string[] };
    };
    expect(stored.inbox.settings).toMatchObject({
      color: '#d03050',
      position: 'left',
      greeting: 'Hallo! Wie können wir helfen?',
      preChat: { name: 'off', email: 'required' },
      allowedOrigins: ['https://shop.example.com', 'https://help.example.com'],
    });

    const snippet = await card(admin).locator('[data-testid=widget-snippet]').textContent();
    expect(snippet).toBe(`<script src="${server.url}/widget.js" data-inbox="${id}" async></script>`);
    await card(admin).locator('[data-testid=widget-copy]').click();
    await admin.locator('text=Copied to the clipboard').waitFor();

    // The identity secret is write-only: shown once, right after it was regenerated, never read back.
    expect(stored.inbox.secretsSet).toContain('identitySecret');
    expect(JSON.stringify(stored)).not.toMatch(/[0-9a-f]{64}/);
    await card(admin).locator('[data-testid=widget-identity] summary').click();
    expect(await card(admin).locator('[data-testid=widget-secret]').count()).toBe(0);
    admin.once('dialog', (d) => void d.accept());
    await card(admin).locator('[data-testid=widget-regenerate]').click();
    const secret = await card(admin).locator('[data-testid=widget-secret]').textContent();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    await admin.reload();
    await card(admin).locator('[data-testid=widget-identity] summary').click();
    expect(await card(admin).locator('[data-testid=widget-secret]').count()).toBe(0);

    const cai = await addPerson(server.ctx, { name: 'Cai Agent', email: 'cai@example.com', roles: ['agent'], password: PASSWORD });
    const agent = await signedInDesk(desks, 'agent', cai);
    await agent.goto('/admin/widget');
    await agent.locator('[data-testid=forbidden]').waitFor();
    expect(await agent.locator('[data-testid=widget-form]').count()).toBe(0);
    expect((await fetchAsPage(agent, 'PATCH', `/api/inboxes/${id}`, { settings: { color: '#000000' } })).status).toBe(403);
    expect((await fetchAsPage(agent, 'POST', '/api/inboxes', { channel: 'widget', name: 'Sneaky' })).status).toBe(403);
    expect((await fetchAsPage(agent, 'GET', `/api/inboxes/${id}`)).status).toBe(403);
  }, 180_000);

  it('shows the settings page in Chinese', async () => {
    const admin = desks.pages.get('admin')!;
    await fetchAsPage(admin, 'PATCH', '/api/auth/me', { locale: 'zh-CN' });
    await admin.goto('/admin/widget');
    await card(admin).waitFor();
    expect(await admin.locator('h2').first().textContent()).toBe('网页聊天组件');
    await admin.locator('[data-testid=widget-edit-open]').click();
    expect(await admin.locator('[data-testid=widget-prechat-email] option:checked').textContent()).toBe('必填');
    await fetchAsPage(admin, 'PATCH', '/api/auth/me', { locale: 'en' });
  }, 60_000);
});
