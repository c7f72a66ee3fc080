import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { surveyTokens } from '../../server/services/csat/survey-token.ts';
import { bootstrapWidgetInbox } from '../../server/services/inboxes/bootstrap-widget-inbox.ts';
import { resolve } from '../../server/services/tickets/resolve.ts';
import { browserWorld } from '../support/browser-world.ts';
import { setUpAdmin } from '../support/console.ts';
import { buildActor, buildTicket } from '../support/factories.ts';
import { buildArticle } from '../support/kb.ts';

const { server, desks } = browserWorld({ widget: true });

/** Every console route, read from web/src/routes so a new page is checked without anyone listing it. */
function consoleRoutes(dir = path.resolve(import.meta.dirname, '../../web/src/routes'), at = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isFile()) return e.name === '+page.svelte' ? [at || '/'] : [];
    const segment = /^\(.*\)$/.test(e.name) ? '' : `/${e.name.replace(/^\[.*\]$/, '00000000-0000-4000-8000-000000000000')}`;
    return consoleRoutes(path.join(dir, e.name), at + segment);
  });
}

async function surveyPath() {
  const ticket = await buildTicket(server.ctx, { channel: 'email', sender: { externalId: 'li@customer.example', displayName: 'Li' } });
  const view = await resolve(server.ctx, await buildActor(server.ctx, ['supervisor']), ticket.ticketId);
  return `/csat/${surveyTokens(server.ctx.config).issue(ticket.ticketId, new Date(view.resolvedAt!))}`;
}

/** Collects the page's CSP violations (the browser's own report event), from before its first script runs. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(`window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' at ' + location.pathname));`);
  const logged: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) logged.push(m.text());
  });
  return async () => [...(await page.evaluate<string[]>('window.__csp')), ...logged];
}

describe('Content-Security-Policy', () => {
  it('is on every HTML page — console routes, help center, survey page, widget demo, 404s — with no inline script allowed', async () => {
    const article = await buildArticle(server.ctx, { title: 'Reset your router', body: 'Hold the button for 10 seconds.' });
    const pages = [
      ...consoleRoutes(),
      '/help',
      '/help/search?q=router',
      `/help/articles/${article.slug}`,
      '/help/articles/no-such-article',
      await surveyPath(),
      '/widget-demo',
    ];
    expect(pages).toEqual(expect.arrayContaining(['/inbox', '/admin/users', '/profile', '/login', '/setup']));
    for (const p of pages) {
      const res = await fetch(`${server.url}${p}`);
      expect(res.headers.get('content-type'), p).toMatch(/^text\/html/);
      const policy = res.headers.get('content-security-policy') ?? '';
      expect(policy, p).toMatch(/script-src 'self'( 'sha256-[\w+/=]+')*;/);
      expect(policy, p).not.toContain("unsafe-inline'; script");
      expect(policy, p).toContain("object-src 'none'");
      expect(policy, p).toContain("frame-ancestors 'self'");
    }
  });

  it('nothing the console, widget demo, help center and survey page do while used is refused by it', async () => {
    await server.reset();
    await bootstrapWidgetInbox(server.ctx, { force: true });
    const article = await buildArticle(server.ctx, { title: 'Wi-Fi keeps dropping', body: 'Move the router away from the microwave.' });

    const admin = await desks.open('admin');
    const adminViolations = await watchViolations(admin);
    await setUpAdmin(admin);
    const { ticketId } = await buildTicket(server.ctx, { subject: 'Router resets at night', text: 'It drops every night at 2' });
    await admin.goto(`/inbox/${ticketId}`);
    await admin.getByText('It drops every night at 2').waitFor();
    const composer = admin.locator('[data-testid=composer-input]');
    await composer.click();
    await composer.pressSequentially('Could you send a photo of the lights?');
    await composer.press('Enter');
    await admin.locator('[data-testid=thread] [data-testid=message]', { hasText: 'send a photo of the lights' }).waitFor();
    for (const p of ['/dashboard', '/reports', '/kb', '/customers', '/admin/automation', '/admin/fields', '/profile']) {
      await admin.goto(p);
      await admin.locator('main h1, h1').first().waitFor();
    }

    const customer = await desks.open('customer');
    const customerViolations = await watchViolations(customer);
    await customer.goto('/widget-demo');
    await customer.locator('[data-testid=widget-launcher]').click();
    await customer.locator('[data-testid=widget-panel]').waitFor();
    await customer.locator('[data-testid=widget-prechat-name]').fill('Wang Fang');
    await customer.locator('[data-testid=widget-prechat-submit]').click();
    await customer.locator('[data-testid=widget-input]').pressSequentially('Is the Huila in stock?');
    await customer.locator('[data-testid=widget-input]').press('Enter');
    await customer.locator('[data-testid=widget-message][data-author=customer]', { hasText: 'Huila' }).waitFor();
    await customer.goto(`/help/articles/${article.slug}`);
    await customer.getByText('Move the router away from the microwave.').waitFor();
    await customer.goto('/help/search?q=router');
    await customer.goto(await surveyPath());
    await customer.locator('label.choice.r5').click();
    await customer.getByRole('button', { name: 'Send my rating' }).click();
    await customer.locator('[data-testid=csat-thanks]').waitFor();

    expect(await adminViolations()).toEqual([]);
    expect(await customerViolations()).toEqual([]);
  });
});
