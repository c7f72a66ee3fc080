import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { processRawEmail } from '../../channels/email/process.ts';
import { normaliseMessage } from '../../channels/telegram/normalise.ts';
import { inboxes } from '../../server/db/schema/index.ts';
import { surveyTokens } from '../../server/services/csat/survey-token.ts';
import { bootstrapWidgetInbox } from '../../server/services/inboxes/bootstrap-widget-inbox.ts';
import { ingest } from '../../server/services/tickets/ingest.ts';
import { browserWorld } from '../support/browser-world.ts';
import { logIn, setUpAdmin } from '../support/console.ts';
import type { Dovecot } from '../support/dovecot.ts';
import { buildEmailInbox } from '../support/email.ts';
import { buildInbound } from '../support/factories.ts';
import { buildTokenUser } from '../support/http.ts';
import { untilPubliclyFound } from '../support/kb-console.ts';
import { until } from '../support/sockets.ts';
import { buildTelegramInbox, loadUpdate } from '../support/telegram.ts';
import { guard, literalOf, pageIsClean, payloads, rtl, startSentinel, zeroWidth } from '../support/xss.ts';

let sentinel: Awaited<ReturnType<typeof startSentinel>>;
let p: ReturnType<typeof payloads>;
let api: (method: string, path: string, body?: unknown) => Promise<any>;
const problems: string[] = [];

beforeAll(async () => {
  sentinel = await startSentinel();
  p = payloads(sentinel.origin);
});
afterAll(() => sentinel?.close());
const { server, desks } = browserWorld({ widget: true, env: { OUTBOX_POLL_MS: '50' } });

/** An integration's API token with every role; made after the console's first-run setup (a fresh install has no users). */
async function useApiToken() {
  const { headers } = await buildTokenUser(server.ctx, ['admin', 'supervisor', 'agent', 'editor']);
  api = async (method, path, body) => {
    const res = await fetch(`${server.url}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
    return res.status === 204 ? null : res.json();
  };
}

async function open(name: string): Promise<Page> {
  const page = await desks.open(name);
  guard(page, name, problems);
  return page;
}

/** Text of the page including open shadow roots (the widget), as a person would read it. */
const textOf = (page: Page) =>
  page
    .evaluate(() => {
      type N = { textContent: string | null; shadowRoot?: N | null; querySelectorAll(s: string): ArrayLike<N> };
      const doc = (globalThis as unknown as { document: { body: N } }).document;
      const roots: N[] = [doc.body];
      for (let i = 0; i < roots.length; i++)
        for (const el of Array.from(roots[i]!.querySelectorAll('*'))) if (el.shadowRoot) roots.push(el.shadowRoot);
      return roots.map((r) => r.textContent ?? '').join('\n');
    })
    .then((t) => t.replace(/\r\n/g, '\n')); // a form posts newlines as CRLF (the survey comment)

/** Opens `path`, waits until every literal is shown as text, then checks nothing ran and nothing dangerous is in the DOM. */
async function shows(page: Page, path: string | null, literals: string[]) {
  if (path) await page.goto(path);
  for (const lit of literals)
    await until(async () => (await textOf(page)).includes(lit), `${page.url()} to show ${JSON.stringify(lit.slice(0, 60))}`, 10_000);
  expect(await pageIsClean(page, sentinel.origin), page.url()).toEqual({ flag: null, dangerous: [] });
}

const oneLine = (k: string) => `"><script>window.__xss='${k}'</script><img src=x onerror=window.__xss='${k}'> ${k} ${rtl}`;
const ids = { api: '', email: '', telegram: '', widget: '', article: '', slug: '', user: '', emailNumber: 0 };
const text = (k: string) => `${p.long(k)}\n${p.template(k)}`;

describe('hostile text in every field, rendered in Chromium: nothing runs, everything reads literally', { timeout: 120_000 }, () => {
  let admin: Page;

  it('is entered through the API, email, Telegram, the admin and KB APIs', async () => {
    admin = await open('admin');
    await setUpAdmin(admin);
    await useApiToken();
    const first = buildInbound({
      subject: oneLine('subject'),
      text: text('text'),
      sender: { externalId: 'x-1', displayName: p.short('cname') },
    });
    ids.api = (await api('POST', '/ingest', first)).ticketId;
    await api('POST', '/ingest', {
      ...buildInbound({ threadKey: first.threadKey, sender: first.sender }),
      text: 'the html part',
      html: p.long('apihtml'),
    });
    await api('POST', `/tickets/${ids.api}/notes`, { text: text('note') });
    await api('POST', `/tickets/${ids.api}/tags`, { add: [p.short('tag')] });
    await api('POST', `/tickets/${ids.api}/escalate`, { reason: p.short('reason') });
    const team = (await api('POST', '/teams', { name: p.short('team') })).team;
    ids.user = (
      await api('POST', '/users', { email: 'xss-user@example.com', name: p.short('user'), roles: ['agent'], password: 'xss-user-password' })
    ).user.id;
    await api('PUT', `/teams/${team.id}/members/${ids.user}`, { skills: [], capacity: 5 });
    await api('POST', `/tickets/${ids.api}/transfer`, { teamId: team.id, assigneeId: ids.user, note: text('transfer') });
    await api('POST', '/canned-responses', { shortcut: 'xss', scope: 'shared', title: p.short('canned'), body: p.long('canned') });

    const category = await api('POST', '/kb/categories', { name: p.short('kbcat') });
    await api('POST', '/kb/synonyms', { terms: [p.short('syn'), 'paper jam'] });
    // Articles are staff-written pages: an image from another site is a feature there, so no pixel in these.
    const kbText = (k: string) =>
      text(k)
        .split('\n')
        .filter((l) => !l.includes('/pixel'))
        .join('\n');
    const long = (k: string) => kbText(k).slice(0, 2000);
    const article = await api('POST', '/kb/articles', {
      kind: 'defect',
      title: `Printer jam ${oneLine('kbtitle')}`,
      summary: long('summary'),
      body: kbText('kbbody'),
      symptoms: long('symptoms'),
      cause: long('cause'),
      workaround: long('workaround'),
      product: p.short('product'),
      affectedVersions: [p.short('ver')],
      fixedIn: p.short('fix'),
      visibility: 'public',
      status: 'published',
      locale: 'en',
      categoryId: category.id,
    });
    ids.article = article.id;
    ids.slug = article.slug;

    const mailbox = await buildEmailInbox(server.ctx, { host: '127.0.0.1', port: 1, user: 'x', password: 'x' } as Dovecot, {
      mailbox: 'INBOX',
    });
    await server.ctx.db.update(inboxes).set({ enabled: false }).where(eq(inboxes.id, mailbox.id));
    const mail = [
      `From: "${p.short('from')}" <mallory@customer.example>`,
      'To: support@switchboard.test',
      `Subject: ${oneLine('mailsubject')}`,
      `Message-ID: <${randomUUID()}@customer.example>`,
      'Content-Type: multipart/alternative; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      text('mailtext'),
      '--b',
      'Content-Type: text/html; charset=utf-8',
      '',
      p.long('mailhtml'),
      '--b--',
      '',
    ].join('\r\n');
    const outcome = await processRawEmail(server.ctx, mailbox, Buffer.from(mail), { inboxId: mailbox.id, mailbox: 'INBOX', uid: 1 });
    ids.email = (outcome as { ticketId: string }).ticketId;

    const { inbox: tg } = await buildTelegramInbox(server.ctx, { enabled: false });
    const update = loadUpdate('text', { message: { text: text('telegram') } });
    Object.assign(update.message!.from!, { first_name: p.short('tgname'), last_name: '' });
    ids.telegram = (await ingest(server.ctx, normaliseMessage('700100200', tg.id, update.message!, false).inbound)).ticketId;

    const widgetInbox = await bootstrapWidgetInbox(server.ctx, { force: true });
    await api('PATCH', `/inboxes/${widgetInbox}`, {
      settings: { greeting: `${p.short('greeting')} <script>window.__xss='greeting'</script> ${rtl}` },
    });
  });

  it('the customer: the survey page with a hostile subject, a hostile comment; the widget with a hostile greeting, name and message', async () => {
    const resolved = await api('POST', `/tickets/${ids.email}/resolve`, {});
    const token = surveyTokens(server.ctx.config).issue(ids.email, new Date(resolved.ticket.resolvedAt));
    const customer = await open('customer');
    await shows(customer, `/csat/${token}`, [`"><script>window.__xss='mailsubject'</script>`]);
    await customer.locator('label.choice.r2').click();
    await customer.locator('textarea[name=comment]').fill(text('csat'));
    await customer.getByRole('button', { name: 'Send my rating' }).click();
    await customer.locator('[data-testid=csat-thanks]').waitFor();

    const visitor = await open('visitor');
    await visitor.goto('/widget-demo');
    await visitor.locator('[data-testid=widget-launcher]').click();
    await shows(visitor, null, [`${p.short('greeting')} <script>window.__xss='greeting'</script> ${rtl}`]);
    await visitor.locator('[data-testid=widget-prechat-name]').fill(p.short('prechat'));
    await visitor.locator('[data-testid=widget-prechat-submit]').click();
    await visitor.locator('[data-testid=widget-email-prompt], [data-testid=widget-input]').first().waitFor();
    const input = visitor.locator('[data-testid=widget-input]');
    await input.fill(text('widget'));
    await input.press('Enter');
    await visitor.locator('[data-testid=widget-message][data-status=sent]', { hasText: '[widget]' }).waitFor();
    await shows(visitor, null, [literalOf(p.long('widget')), p.template('widget'), rtl, zeroWidth]);
  });

  it('the agent: inbox, conversations, customer panel, history, composer reply to the widget', async () => {
    await shows(admin, '/inbox?view=all', [`"><script>window.__xss='subject'</script>`, '[telegram]', '[widget]']);
    await shows(admin, `/inbox/${ids.api}`, [
      literalOf(p.long('text')),
      p.template('text'),
      rtl,
      zeroWidth,
      literalOf(p.long('note')),
      literalOf(p.long('transfer')),
      p.short('cname'),
      p.short('reason'),
      p.short('user'),
      p.short('team'),
      'styled',
    ]);
    await shows(admin, `/inbox/${ids.email}`, [
      `"><script>window.__xss='mailsubject'</script>`,
      p.short('from'),
      literalOf(p.long('csat')),
      'styled',
    ]);
    await shows(admin, `/inbox/${ids.telegram}`, [literalOf(p.long('telegram')), p.short('tgname')]);

    await admin.goto('/inbox?view=all');
    await admin.locator('[data-testid=ticket-row]', { hasText: '[widget]' }).click();
    await admin.waitForURL('**/inbox/**');
    await shows(admin, null, [literalOf(p.long('widget')), p.short('prechat')]);
    const composer = admin.locator('[data-testid=composer-input]');
    await composer.fill(text('reply'));
    await composer.press('Enter');
    await shows(admin, null, [literalOf(p.long('reply'))]);
    const visitor = desks.pages.get('visitor')!;
    await visitor.locator('[data-testid=widget-message][data-author=agent]', { hasText: '[reply]' }).waitFor({ timeout: 15_000 });
    await shows(visitor, null, [literalOf(p.long('reply')), p.template('reply')]);
  });

  it('admin, canned responses, dashboard, reports and the KB editor', async () => {
    await shows(admin, '/canned', [p.short('canned'), literalOf(p.long('canned'))]);
    await shows(admin, '/admin/users', [p.short('user')]);
    await shows(admin, '/admin/teams', [p.short('team')]);
    await shows(admin, '/dashboard', [p.short('team')]);
    await shows(admin, '/reports', []);
    await shows(admin, '/kb', [`"><script>window.__xss='kbtitle'</script>`]);
    await shows(admin, '/kb/categories', [p.short('kbcat')]);
    await shows(admin, '/kb/synonyms', [p.short('syn')]);
    await shows(admin, `/kb/${ids.article}`, [p.template('kbbody'), 'click me']);
    // An agent reads the article (no editor role): the rendered view, defect fields included.
    const agent = await open('agent');
    await logIn(agent, 'xss-user@example.com', 'xss-user-password');
    await shows(agent, `/kb/${ids.article}`, [
      `"><script>window.__xss='kbtitle'</script>`,
      p.short('product'),
      p.short('fix'),
      p.template('symptoms'),
    ]);
  });

  it('the public help center: article, category and search', async () => {
    await untilPubliclyFound(server.url, 'printer', ids.article);
    const reader = await open('reader');
    await shows(reader, `/help/articles/${ids.slug}`, [
      `Printer jam "><script>window.__xss='kbtitle'</script>`,
      p.short('product'),
      p.template('kbbody'),
      p.template('cause'),
    ]);
    await shows(reader, '/help', [p.short('kbcat')]);
    await shows(reader, `/help/search?q=${encodeURIComponent('printer <script>window.__xss="q"</script>')}`, [
      `Printer jam "><script>window.__xss='kbtitle'</script>`,
      '<script>window.__xss="q"</script>',
    ]);
  });

  it('ran nothing anywhere: no page error, no dialog, no request to the sentinel', () => {
    expect(problems).toEqual([]);
    expect(sentinel.hits).toEqual([]);
  });
});
