import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.ts';
import { browserWorld } from '../support/browser-world.ts';
import { ADMIN, setUpAdmin } from '../support/console.ts';

const { desks } = browserWorld();

describe('Settings → Audit log', () => {
  it('an admin sees who changed what, filters it, downloads it and sets how long it is kept', async () => {
    const page = await desks.open('admin');
    await setUpAdmin(page);
    await page.goto('/admin/teams');
    await page.locator('[data-testid=team-name]').fill('Night shift');
    await page.locator('[data-testid=team-create]').click();
    await page.getByText('Night shift').first().waitFor();

    await page.goto('/admin/audit');
    // Setting up made the team Support; the admin's own team is the newest.
    const entry = page.locator('[data-testid=audit-entry][data-action="team.created"]', { hasText: 'Night shift' });
    await entry.waitFor();
    expect(await entry.innerText()).toContain(ADMIN.name);
    await page.locator('[data-testid=audit-family]').selectOption('user');
    await expect.poll(() => entry.count()).toBe(0);
    await page.locator('[data-testid=audit-family]').selectOption('team');
    await entry.waitFor();

    const href = (await page.locator('[data-testid=audit-csv]').getAttribute('href'))!;
    const csv = await page.evaluate<string, string>((url) => fetch(url).then((r) => r.text()), href);
    expect(csv).toContain('team.created');
    expect(csv).not.toContain('user.created');

    await page.locator('[data-testid=audit-retention-days]').fill('7');
    await page.locator('[data-testid=audit-retention] button').click();
    await page
      .getByRole('alert')
      .getByText(/0 \(keep forever\) or 30 to 3650 days/)
      .waitFor();
    await page.locator('[data-testid=audit-retention-days]').fill('90');
    await page.locator('[data-testid=audit-retention] button').click();
    await page.locator('[data-testid=audit-family]').selectOption('settings');
    await page.locator('[data-testid=audit-entry][data-action="settings.audit_updated"]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
