import { beforeAll, describe, expect, it } from 'vitest';
import { downloadedText } from '../support/browser.ts';
import { browserWorld } from '../support/browser-world.ts';
import { addPerson, signedInDesk } from '../support/console.ts';
import { seedReportWorld } from '../support/report-world.ts';

const { server, desks } = browserWorld();
const password = 'a-long-password-1';
const SUE = { name: 'Sue Supervisor', email: 'sue@example.com', password };
const CAI = { name: 'Cai Agent', email: 'cai@example.com', password };

beforeAll(async () => {
  await seedReportWorld(server.ctx);
  await addPerson(server.ctx, { ...SUE, roles: ['supervisor'] });
  await addPerson(server.ctx, { ...CAI, roles: ['agent'] });
});

describe('reports in the console', { timeout: 120_000 }, () => {
  it('a supervisor sees the seeded week’s numbers and downloads the agent table as CSV', async () => {
    const sue = await signedInDesk(desks, 'supervisor', SUE);
    await sue.locator('[data-testid=nav-reports]').click();
    await sue.waitForURL('**/reports');
    await sue.locator('[data-testid=report-from]').fill('2026-03-02');
    await sue.locator('[data-testid=report-to]').fill('2026-03-08');
    await sue.locator('[data-testid=report-team]').selectOption({ label: 'Support' });

    // Hand-computed in test/server/services/reports/reports.test.ts: business-hours first response median 2700 s.
    const median = sue.locator('[data-testid=median-first_response_business]');
    await expect.poll(() => median.textContent()).toBe('45 min');
    expect(await sue.locator('[data-testid=volume-totals]').textContent()).toBe('6 created, 4 resolved');
    expect(await sue.locator('[data-testid=heatmap] td[data-weekday="1"][data-hour="9"]').textContent()).toBe('1');
    expect(await sue.locator('[data-testid=report-volume] svg rect').count()).toBeGreaterThan(0);
    await expect.poll(() => sue.locator('[data-testid=staffing-online]').textContent()).toBe('0');
    await desks.keep(sue, 'reports');
    // In Chinese the durations are Chinese too, and so is the tab.
    await sue.selectOption('[data-testid=language-select]', 'zh-CN');
    await expect.poll(() => median.textContent()).toBe('45分钟');
    expect(await sue.title()).toBe('报表 · Switchboard');
    await sue.selectOption('[data-testid=language-select]', 'en');
    await expect.poll(() => median.textContent()).toBe('45 min');

    const [download] = await Promise.all([sue.waitForEvent('download'), sue.locator('[data-testid=csv-agents]').click()]);
    expect(download.suggestedFilename()).toBe('switchboard-agents-2026-03-02-to-2026-03-08.csv');
    const csv = (await downloadedText(download)).replace(/^\uFEFF/, '');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'agent,assigned,replies,resolved,first_response_median_business_seconds,handle_median_seconds,csat_average,csat_responses',
    );
    expect(lines).toContain('Alice Wang,3,4,3,3000,6600,3.33,3');
  });

  it('an agent has no reports link and the page refuses them', async () => {
    const cai = await signedInDesk(desks, 'agent', CAI);
    expect(await cai.locator('[data-testid=nav-reports]').count()).toBe(0);
    await cai.goto('/reports');
    await cai.locator('[data-testid=forbidden]').waitFor();
  });
});
