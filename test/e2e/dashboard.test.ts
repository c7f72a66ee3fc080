import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { inboxes, slaPolicies, teamMembers, teams, tickets } from '../../server/db/schema/index.ts';
import { fetchAsPage } from '../support/browser.ts';
import { browserWorld } from '../support/browser-world.ts';
import { addPerson, ingestOverHttp, signedInDesk, ticketRow } from '../support/console.ts';
import { buildInbound } from '../support/factories.ts';
import { buildTokenUser } from '../support/http.ts';

const { server, desks } = browserWorld();
let sue: Page;
const PASSWORD = 'a-long-password-1';
const person = (name: string, email: string, roles: ('agent' | 'supervisor')[]) =>
  addPerson(server.ctx, { name, email, roles, password: PASSWORD });

describe('the supervisor dashboard in the console', () => {
  it('counts a new ticket live, opens the tickets behind the number, and reassigns an at-risk ticket', async () => {
    await person('Sue Supervisor', 'sue@example.com', ['supervisor']);
    const cai = await person('Cai Agent', 'cai@example.com', ['agent']);
    const dee = await person('Dee Agent', 'dee@example.com', ['agent']);
    // Billing waits for a person to pick tickets up; its first-response target warns after 1% of 10 minutes (6 s).
    const [billing] = await server.ctx.db.insert(teams).values({ name: 'Billing', autoAssign: false }).returning();
    await server.ctx.db.insert(teamMembers).values([
      { teamId: billing!.id, userId: cai.id },
      { teamId: billing!.id, userId: dee.id },
    ]);
    await server.ctx.db
      .insert(slaPolicies)
      .values({ name: 'Billing', teamId: billing!.id, targets: { normal: { firstResponse: 10 } }, warnAtPercent: 1 });
    const [inbox] = await server.ctx.db.insert(inboxes).values({ channel: 'api', name: 'Billing API', teamId: billing!.id }).returning();
    const { token } = await buildTokenUser(server.ctx, ['agent']);

    sue = await signedInDesk(desks, 'supervisor', { email: 'sue@example.com', password: PASSWORD });
    await sue.locator('[data-testid=nav-dashboard]').click();
    await sue.waitForURL('**/dashboard');
    const billingRow = sue.locator('[data-testid=queue-row][data-team-name=Billing]');
    await billingRow.locator('[data-testid=waiting-total][data-count="0"]').waitFor();

    const { ticketId, ticketNumber } = await ingestOverHttp(
      server.url,
      token,
      buildInbound({ inboxId: inbox!.id, subject: 'Refund for order 7781' }),
    );
    // Live, without a reload: dashboard.changed makes the page fetch the new snapshot.
    await billingRow.locator('[data-testid=waiting-total][data-count="1"]').waitFor({ timeout: 15_000 });
    expect(await billingRow.locator('[data-testid=waiting][data-channel=api]').getAttribute('data-count')).toBe('1');
    expect(await billingRow.locator('[data-testid=oldest-wait]').textContent()).toMatch(/\d+ min/);

    await billingRow.locator('[data-testid=waiting-total]').click();
    await sue.waitForURL((url) => url.pathname === '/inbox' && url.searchParams.get('queue') === billing!.id);
    await ticketRow(sue, 'Refund for order 7781').waitFor();
    expect(await sue.locator('[data-testid=ticket-row]').count()).toBe(1);
    expect(await sue.locator('[data-testid=drill-filter]').textContent()).toContain('waiting in Billing’s queue');

    // Cai takes it; its first-response target then passes the warning share and it turns up at risk.
    await sue.locator('[data-testid=nav-dashboard]').click();
    expect((await fetchAsPage(sue, 'POST', `/api/tickets/${ticketId}/assign`, { assigneeId: cai.id })).status).toBe(200);
    const risky = sue.locator(`[data-testid=sla-at_risk] [data-testid=sla-ticket][data-number="${ticketNumber}"]`);
    await risky.waitFor({ timeout: 20_000 });
    expect(await risky.locator('[data-testid=sla-assignee]').textContent()).toBe('Cai Agent');
    expect(await sue.locator('[data-testid=agent-row][data-name="Cai Agent"] [data-testid=agent-ticket]').getAttribute('data-number')).toBe(
      String(ticketNumber),
    );
    await billingRow.locator('[data-testid=waiting-total][data-count="0"]').waitFor();

    await risky.locator('[data-testid=reassign]').selectOption(dee.id);
    await sue
      .locator(`[data-testid=sla-at_risk] [data-testid=sla-ticket][data-number="${ticketNumber}"] [data-testid=sla-assignee]`, {
        hasText: 'Dee Agent',
      })
      .waitFor();
    await sue.locator(`[data-testid=agent-row][data-name="Dee Agent"] [data-testid=agent-ticket][data-number="${ticketNumber}"]`).waitFor();
    const [row] = await server.ctx.db.select({ assigneeId: tickets.assigneeId }).from(tickets).where(eq(tickets.id, ticketId));
    expect(row!.assigneeId).toBe(dee.id);

    // The at-risk count opens the same ticket in the inbox.
    await sue.locator('[data-testid=sla-at_risk] [data-testid=sla-count]').click();
    await sue.waitForURL((url) => url.searchParams.get('sla') === 'at_risk');
    await ticketRow(sue, 'Refund for order 7781').waitFor();

    // Back on the dashboard: resolving it moves today's resolved count and empties the at-risk list, live.
    await sue.locator('[data-testid=nav-dashboard]').click();
    await risky.waitFor();
    const resolvedTile = sue.locator('[data-testid=today-resolved]');
    const resolvedBefore = Number(await resolvedTile.getAttribute('data-count'));
    expect((await fetchAsPage(sue, 'POST', `/api/tickets/${ticketId}/resolve`, {})).status).toBe(200);
    await sue.locator(`[data-testid=today-resolved][data-count="${resolvedBefore + 1}"]`).waitFor({ timeout: 15_000 });
    await risky.waitFor({ state: 'detached', timeout: 15_000 });
    await desks.keep(sue, 'dashboard');

    await fetchAsPage(sue, 'PATCH', '/api/auth/me', { locale: 'zh-CN' });
    await sue.goto('/dashboard');
    expect(await sue.locator('h1').textContent()).toBe('实时看板');
    await fetchAsPage(sue, 'PATCH', '/api/auth/me', { locale: 'en' });
  }, 180_000);

  it('an agent has no dashboard link, the page refuses them, and so does the API', async () => {
    const cai = await signedInDesk(desks, 'agent', { email: 'cai@example.com', password: PASSWORD });
    expect(await cai.locator('[data-testid=nav-dashboard]').count()).toBe(0);
    await cai.goto('/dashboard');
    await cai.locator('[data-testid=forbidden]').waitFor();
    expect((await fetchAsPage(cai, 'GET', '/api/dashboard')).status).toBe(403);
  }, 60_000);
});
