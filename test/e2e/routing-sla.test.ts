import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { teamMembers, teams, users } from '../../server/db/schema/index.ts';
import { fetchAsPage } from '../support/browser.ts';
import { browserWorld } from '../support/browser-world.ts';
import { ADMIN, historyShows, ingestOverHttp, setUpAdmin, ticketRow } from '../support/console.ts';
import { buildInbound, buildTeam } from '../support/factories.ts';
import { buildTokenUser } from '../support/http.ts';

const { server, desks } = browserWorld();

describe('routing rules, SLA policies and the live queue in the console', () => {
  it('a rule and an SLA policy made in the screens route a new ticket to its team with an SLA badge; the queue count moves live', async () => {
    const admin = await desks.open('admin');
    await setUpAdmin(admin);
    const [me] = await server.ctx.db.select().from(users).where(eq(users.email, ADMIN.email));
    // Setup put the admin in its team "Support"; here they work in Billing only.
    await server.ctx.db.delete(teamMembers).where(eq(teamMembers.userId, me!.id));
    // Nobody picks tickets up automatically here, so the routed ticket waits in Billing's queue.
    const billing = await buildTeam(server.ctx, { name: 'Billing' });
    await server.ctx.db.update(teams).set({ autoAssign: false }).where(eq(teams.id, billing.id));
    await server.ctx.db.insert(teamMembers).values({ teamId: billing.id, userId: me!.id, capacity: 4 });
    await buildTeam(server.ctx, { name: 'Sales' });

    await admin.goto('/admin/routing');
    await admin.locator('[data-testid=no-rules]').waitFor();
    const form = admin.locator('[data-testid=rule-form]').last();
    await form.locator('[data-testid=rule-name]').fill('Refunds to Billing');
    await form.locator('[data-testid=rule-keywords]').fill('refund, money back');
    await form.locator('[data-testid=rule-team]').selectOption({ label: 'Billing' });
    await form.locator('[data-testid=rule-priority]').selectOption('high');
    await form.locator('[data-testid=rule-tags]').fill('refund');
    await form.locator('[data-testid=rule-save]').click();
    await admin.locator('[data-testid=rule][data-rule-name="Refunds to Billing"]').waitFor();

    await form.locator('[data-testid=rule-name]').fill('Chinese to Sales');
    await form.locator('[data-testid=rule-languages]').fill('zh');
    await form.locator('[data-testid=rule-team]').selectOption({ label: 'Sales' });
    await form.locator('[data-testid=rule-save]').click();
    await admin.locator('[data-testid=rule][data-rule-name="Chinese to Sales"]').waitFor();
    const names = () => admin.locator('[data-testid=rule] strong').allTextContents();
    expect(await names()).toEqual(['Refunds to Billing', 'Chinese to Sales']);
    await admin.locator('[data-testid=rule][data-rule-name="Chinese to Sales"] [data-testid=rule-up]').click();
    await expect.poll(names).toEqual(['Chinese to Sales', 'Refunds to Billing']);
    expect(await admin.locator('[data-testid=rule][data-rule-name="Refunds to Billing"]').textContent()).toContain(
      'Keywords: refund, money back',
    );

    // A rule without any action is refused with the server's reason.
    await form.locator('[data-testid=rule-name]').fill('Does nothing');
    await form.locator('[data-testid=rule-save]').click();
    expect(await admin.locator('[data-testid=rule-error]').textContent()).toContain('at least one action');
    await form.locator('[data-testid=rule-name]').fill('');

    await admin.goto('/admin/sla');
    await admin.locator('[data-testid=no-policies]').waitFor();
    await admin.locator('[data-testid=policy-name]').fill('Standard');
    await admin.locator('[data-testid=target-high-firstResponse]').fill('30');
    await admin.locator('[data-testid=target-high-resolution]').fill('480');
    await admin.locator('[data-testid=target-normal-firstResponse]').fill('120');
    await admin.locator('[data-testid=policy-warn]').fill('75');
    await admin.locator('[data-testid=policy-save]').click();
    const policy = admin.locator('[data-testid=policy][data-policy-name=Standard]');
    await policy.waitFor();
    expect(await policy.textContent()).toContain('30 min');
    expect(await policy.textContent()).toContain('8 h');

    await admin.goto('/inbox?view=all');
    const queue = admin.locator('[data-testid=queue-team][data-team-name=Billing]');
    await queue.waitFor();
    expect(await queue.getAttribute('data-waiting')).toBe('0');
    expect(await admin.locator('[data-testid=my-load]').textContent()).toBe('My load: 0 / 4');

    const { token } = await buildTokenUser(server.ctx, ['agent']);
    await ingestOverHttp(
      server.url,
      token,
      buildInbound({ subject: 'Refund for order 5521', text: 'I would like a refund, the parcel never came.' }),
    );
    // Live: the widget updates from queue.stats without a reload.
    await admin.locator('[data-testid=queue-team][data-team-name=Billing][data-waiting="1"]').waitFor({ timeout: 15_000 });
    expect(await queue.locator('[data-testid=queue-oldest]').textContent()).toMatch(/oldest waits (under 1|\d+) min/);
    expect(await admin.locator('[data-testid=queue-team][data-team-name=Sales]').getAttribute('data-waiting')).toBe('0');

    const row = ticketRow(admin, 'Refund for order 5521');
    await row.locator('[data-testid=sla-badge][data-metric=first_response][data-state=ok]').waitFor({ timeout: 15_000 });
    await row.click();
    expect(await admin.locator('[data-testid=ticket-team]').textContent()).toBe('Billing');
    const header = admin.locator('header.head');
    expect(await header.textContent()).toContain('High');
    const badge = header.locator('[data-testid=sla-badge][data-metric=first_response]');
    expect(await badge.textContent()).toMatch(/first response · due in (29|30) min/);
    expect(await header.locator('[data-testid=sla-badge][data-metric=resolution]').textContent()).toMatch(/resolution · due in [78] hr/);
    await historyShows(admin, 'Routed by rule “Refunds to Billing”');

    // Chinese: the same screens in the admin's language.
    await fetchAsPage(admin, 'PATCH', '/api/auth/me', { locale: 'zh-CN' });
    await admin.reload();
    expect(await header.locator('[data-testid=sla-badge][data-metric=first_response]').textContent()).toMatch(
      /首次响应 · (29|30)分钟后到期/,
    );
    expect(await admin.locator('[data-testid=queue-widget] h3').textContent()).toBe('队列');
    await fetchAsPage(admin, 'PATCH', '/api/auth/me', { locale: 'en' });
  }, 180_000);

  it('an admin sets a per-channel capacity for a team member', async () => {
    const admin = desks.pages.get('admin')!;
    await admin.goto('/admin/teams');
    const row = admin.locator('[data-testid=team][data-team-name=Billing] [data-testid=team-member]');
    await row.locator('[data-testid=capacity-widget]').fill('2');
    await row.locator('[data-testid=member-save]').click();
    await expect
      .poll(
        async () =>
          (
            (await fetchAsPage(admin, 'GET', '/api/teams')).body as { teams: { name: string; members: { capacityByChannel: object }[] }[] }
          ).teams.find((t) => t.name === 'Billing')?.members[0]?.capacityByChannel,
      )
      .toEqual({ widget: 2 });
  }, 60_000);
});
