import { beforeEach, describe, expect, it } from 'vitest';
import { csatResponses } from '../../server/db/schema/index.ts';
import { surveyTokens } from '../../server/services/csat/survey-token.ts';
import { resolve } from '../../server/services/tickets/resolve.ts';
import { browserWorld } from '../support/browser-world.ts';
import { buildActor, buildTicket } from '../support/factories.ts';

// The rating page is rendered by the server: no console build.
const { server, desks } = browserWorld({ console: false, closePagesAfterEach: true });
beforeEach(() => server.reset());

/** A resolved email ticket and the path of its survey link (as the survey mail would carry it). */
async function surveyLink(rating: number) {
  const agent = await buildActor(server.ctx, ['supervisor']);
  const ticket = await buildTicket(server.ctx, {
    channel: 'email',
    sender: { externalId: 'li@customer.example', displayName: 'Li' },
    subject: 'Invoice is wrong',
  });
  const view = await resolve(server.ctx, agent, ticket.ticketId);
  return { ticket, path: `/csat/${surveyTokens(server.ctx.config).issue(ticket.ticketId, new Date(view.resolvedAt!))}?rating=${rating}` };
}

describe('the email survey rating page in a browser', () => {
  it('opens with the chosen rating selected and records it only after the customer confirms', async () => {
    const { ticket, path } = await surveyLink(4);
    const page = await desks.open('customer');
    await page.goto(path);
    await expect.poll(() => page.locator('input[name=rating][value="4"]').isChecked()).toBe(true);
    expect(await page.locator('h1').textContent()).toBe('Rate our help');
    expect(await server.ctx.db.$count(csatResponses)).toBe(0);

    // The customer changes their mind to 5 and adds a comment before confirming.
    await page.locator('label.choice.r5').click();
    await page.locator('textarea[name=comment]').fill('Sorted out in one mail, thanks!');
    await page.getByRole('button', { name: 'Send my rating' }).click();
    await page.locator('[data-testid=csat-thanks]').waitFor();
    expect(await page.locator('main').textContent()).toContain(`We have recorded your rating of 5/5 for ticket #${ticket.ticketNumber}.`);
    expect(await server.ctx.db.select({ rating: csatResponses.rating, comment: csatResponses.comment }).from(csatResponses)).toEqual([
      { rating: 5, comment: 'Sorted out in one mail, thanks!' },
    ]);

    // Back to the form (never cached): it now says the survey was answered, and offers no second answer.
    await page.goBack();
    await page.locator('[data-testid=csat-answered]').waitFor();
    expect(await page.locator('main').textContent()).toContain('This survey was already answered (5/5)');
    expect(await page.locator('form').count()).toBe(0);
    expect(await server.ctx.db.$count(csatResponses)).toBe(1);
  });

  it('speaks Chinese to a Chinese browser and switches language on request', async () => {
    const { path } = await surveyLink(3);
    const page = await desks.open('customer', { locale: 'zh-CN' });
    await page.goto(path);
    expect(await page.locator('h1').textContent()).toBe('为我们的服务评分');
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.locator('h1').textContent()).toBe('Rate our help');
    await expect.poll(() => page.locator('input[name=rating][value="3"]').isChecked()).toBe(true);
  });
});
