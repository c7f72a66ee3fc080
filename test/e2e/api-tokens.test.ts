import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.ts';
import { browserWorld } from '../support/browser-world.ts';
import { setUpAdmin } from '../support/console.ts';

const { server, desks } = browserWorld();

const call = (path: string, token: string, init: RequestInit = {}) =>
  fetch(`${server.url}/api${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });

describe('Profile → API tokens', () => {
  it('an admin creates a read-only token shown once, uses it, and revokes it', async () => {
    const page = await desks.open('admin');
    await setUpAdmin(page);
    await page.goto('/profile');
    const card = page.locator('[data-testid=api-tokens]');
    await card.getByText('No API tokens yet.').waitFor();
    await card.getByLabel('Name').fill('Wallboard');
    await card.getByLabel('Write (everything else your roles allow)').uncheck();
    // Admins may grant the ingest scope; it is offered, unchecked.
    expect(await card.getByLabel('Ingest (feed customer messages in; admins only)').isChecked()).toBe(false);
    await card.getByRole('button', { name: 'Create token' }).click();

    const token = await page.locator('[data-testid=api-token-secret-value]').inputValue();
    expect(token).toMatch(/^sbt_/);
    await page.locator('[data-testid=api-token-secret-done]').click();
    const row = card.locator('[data-testid=api-token-row]');
    await expect.poll(() => row.innerText()).toMatch(/Wallboard[\s\S]*read[\s\S]*Never used/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(token);

    expect((await call('/tickets', token)).status).toBe(200);
    const write = await call('/teams', token, { method: 'POST', body: JSON.stringify({ name: 'Night' }) });
    expect(write.status).toBe(403);
    expect(((await write.json()) as { error: { message: string } }).error.message).toMatch(/lacks the "write" scope/);

    await page.reload();
    await expect.poll(() => row.innerText()).toMatch(/Last used/);
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Revoke Wallboard' }).click();
    await card.getByText('No API tokens yet.').waitFor();
    expect((await call('/tickets', token)).status).toBe(401);
  });
});
