import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { searchEngine, useSearchEngine } from '../../knowledge-base/search/select.ts';
import { kbDeflections } from '../../server/db/schema/index.ts';
import { bootstrapWidgetInbox } from '../../server/services/inboxes/bootstrap-widget-inbox.ts';
import { browserWorld } from '../support/browser-world.ts';
import { addPerson, signedInDesk, ticketRow } from '../support/console.ts';
import { buildTokenUser } from '../support/http.ts';
import { switchableEngine } from '../support/kb.ts';
import { suggestedIds, untilPubliclyFound } from '../support/kb-console.ts';
import { until } from '../support/sockets.ts';

const { server, desks } = browserWorld({ widget: true });
let editorHeaders: Record<string, string>;
const AGENT = { name: 'Andy Agent', email: 'andy@example.com', password: 'self-service-e2e-1' };

beforeAll(async () => {
  await addPerson(server.ctx, { ...AGENT, roles: ['agent'] });
  editorHeaders = (await buildTokenUser(server.ctx, ['editor'])).headers;
  expect(await bootstrapWidgetInbox(server.ctx, { force: true })).toBeTruthy();
});

type Seeded = { id: string; slug: string; title: string; status: string };

/** What the editor screens call: POST /api/kb/articles with the editor's API token, then a status change. */
async function write(article: Record<string, unknown>, then?: 'archived'): Promise<Seeded> {
  const res = await fetch(`${server.url}/api/kb/articles`, { method: 'POST', headers: editorHeaders, body: JSON.stringify(article) });
  expect(res.status, await res.clone().text()).toBe(201);
  const a = (await res.json()) as Seeded;
  if (!then) return a;
  const moved = await fetch(`${server.url}/api/kb/articles/${a.id}/status`, {
    method: 'POST',
    headers: editorHeaders,
    body: JSON.stringify({ status: then }),
  });
  expect(moved.status).toBe(200);
  return (await moved.json()) as Seeded;
}

/** Waits until the editor's own search finds the article with its current status: the index is up to date. */
async function untilIndexed(a: Seeded): Promise<void> {
  const { id, title: q, status } = a;
  await until(
    async () => {
      const res = await fetch(`${server.url}/api/kb/search?${new URLSearchParams({ q, status, limit: '50' })}`, { headers: editorHeaders });
      return ((await res.json()) as { hits?: Array<{ id: string }> }).hits?.some((h) => h.id === id);
    },
    `the editor's search for "${q}" to find ${id} (${status})`,
    10_000,
  );
}

const deflectionsOf = (articleId: string) => server.ctx.db.select().from(kbDeflections).where(eq(kbDeflections.articleId, articleId));

async function statsOf(articleId: string) {
  const res = await fetch(`${server.url}/api/kb/articles/${articleId}/stats`, { headers: editorHeaders });
  return ((await res.json()) as { totals: { deflections: number } }).totals;
}

// Playwright's CSS locators pierce the widget's open shadow root.
const w = (page: Page, testId: string) => page.locator(`[data-testid=${testId}]`);
const offeredIds = async (page: Page) => {
  const items = w(page, 'widget-kb-hit');
  const ids: string[] = [];
  for (let i = 0, n = await items.count(); i < n; i++) ids.push((await items.nth(i).getAttribute('data-article-id')) ?? '');
  return ids;
};

/** The customer types on until the composer holds `text`; resolves once the widget has the search answer for it. */
async function typeAndAwaitSearch(page: Page, text: string, status = 200) {
  const input = w(page, 'widget-input');
  const already = await input.inputValue();
  expect(text.startsWith(already), `"${text}" continues "${already}"`).toBe(true);
  const answered = page.waitForResponse(
    (r) => r.url().includes('/api/public/kb/search') && new URL(r.url()).searchParams.get('q') === text,
  );
  await input.pressSequentially(text.slice(already.length));
  const res = await answered;
  expect(res.status()).toBe(status);
  return new URL(res.url()).searchParams;
}

async function openWidget(page: Page) {
  await page.goto('/widget-demo');
  await w(page, 'widget-launcher').click();
  // Default settings ask for name and email, both optional.
  await w(page, 'widget-prechat-skip').click();
  await w(page, 'widget-input').waitFor();
}

/** The visitor id inside the widget token the server issued to this browser. */
const visitorIdOf = (page: Page) =>
  page.evaluate(() => {
    const ls = (
      globalThis as unknown as { localStorage: { length: number; key(i: number): string | null; getItem(k: string): string | null } }
    ).localStorage;
    for (let i = 0; i < ls.length; i++)
      if (ls.key(i)!.startsWith('switchboard.widget.token.')) return ls.getItem(ls.key(i)!)!.split('.')[2]!;
    return null;
  });

const DEFECT = {
  kind: 'defect',
  visibility: 'public',
  locale: 'en',
  status: 'published',
  title: 'Login page keeps coming back after updating to 4.2',
  symptoms: 'After updating to version 4.2, customers enter their password and the login page appears again instead of their account.',
  cause: 'The 4.2 update leaves an old session cookie behind.',
  workaround: 'Clear the cookies for our site, then sign in again.',
  fixedIn: '4.2.2',
};
const DEFECT_ZH = {
  kind: 'defect',
  visibility: 'public',
  locale: 'zh-CN',
  status: 'published',
  title: '更新到 4.2 后登录页面反复出现',
  symptoms: '更新到 4.2 版本后，输入密码又回到登录页面，无法进入账户。',
  workaround: '清除本网站的 Cookie，然后重新登录。',
};
const TYPED = 'After the update the login page appears again when I enter my password';
const TYPED_ZH = '输入密码后又回到登录页面';

describe('self-service in the chat widget', { timeout: 150_000 }, () => {
  let defect: Seeded;
  let defectZh: Seeded;
  const hidden: Seeded[] = [];
  let customer: Page;
  let customerContext: BrowserContext;
  let agent: Page;
  let ticketUrl = '';

  it('an editor publishes a known defect in English and Chinese; a draft, an internal and an archived twin are indexed too', async () => {
    defect = await write(DEFECT);
    defectZh = await write(DEFECT_ZH);
    hidden.push(
      await write({ ...DEFECT, status: 'draft', title: 'Draft: login page appears again' }),
      await write({ ...DEFECT, visibility: 'internal', title: 'Internal: login page appears again, escalate to identity' }),
      await write({ ...DEFECT, title: 'Archived: login page appears again (4.1)' }, 'archived'),
      await write({ ...DEFECT_ZH, status: 'draft', title: '草稿：输入密码后又回到登录页面' }),
    );
    await untilPubliclyFound(server.url, TYPED, defect.id, 'en');
    await untilPubliclyFound(server.url, TYPED_ZH, defectZh.id, 'zh-CN');
    for (const h of hidden) await untilIndexed(h);
  });

  it('a customer typing the symptom in the widget is offered the defect first, opens it, and says it solved it: one deflection', async () => {
    customer = await desks.open('customer', { viewport: { width: 1100, height: 800 } });
    customerContext = desks.contexts.at(-1)!;
    await openWidget(customer);
    const params = await typeAndAwaitSearch(customer, TYPED);
    expect(params.get('locale')).toBe('en');

    await until(async () => (await offeredIds(customer))[0] === defect.id, 'the defect offered first');
    const ids = await offeredIds(customer);
    expect(ids.length).toBeLessThanOrEqual(3);
    for (const h of hidden) expect(ids, h.title).not.toContain(h.id);
    const list = w(customer, 'widget-kb');
    expect(await list.locator('h2').textContent()).toBe('These articles might help');
    for (const h of hidden) expect(await list.textContent()).not.toContain(h.title);

    const first = w(customer, 'widget-kb-hit').first();
    const link = first.locator('a');
    expect(await link.textContent()).toBe(DEFECT.title);
    expect((await link.locator('mark').allTextContents()).join(' ').toLowerCase()).toContain('login');
    expect(await link.getAttribute('href')).toBe(`${server.url}/help/articles/${defect.slug}?lang=en`);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener');
    const [tab] = await Promise.all([customerContext.waitForEvent('page'), link.click()]);
    desks.pages.set('customer-article', tab);
    await tab.locator('[data-testid=help-workaround]', { hasText: DEFECT.workaround }).waitFor();
    await tab.close();
    desks.pages.delete('customer-article');

    const solved = first.getByRole('button', { name: `This solved it: ${DEFECT.title}` });
    expect(await solved.textContent()).toBe('This solved it');
    await solved.click();
    await first.getByRole('status').filter({ hasText: 'Glad it helped!' }).waitFor();
    expect(await solved.count()).toBe(0);

    const rows = await deflectionsOf(defect.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: 'widget', query: TYPED, visitorKey: await visitorIdOf(customer) });
    expect((await statsOf(defect.id)).deflections).toBe(1);
  });

  it('the customer can still send the message: the list goes, the agent gets it with the defect as top suggestion', async () => {
    await w(customer, 'widget-input').press('Enter');
    await customer.locator('[data-testid=widget-message][data-status=sent]', { hasText: TYPED }).waitFor();
    await w(customer, 'widget-kb').waitFor({ state: 'detached' });

    agent = await signedInDesk(desks, 'agent', AGENT);
    await agent.goto('/inbox?view=all');
    await ticketRow(agent, TYPED).click({ timeout: 15_000 });
    await agent.waitForURL('**/inbox/**');
    ticketUrl = agent.url();
    await agent.locator('[data-testid=thread] [data-testid=message]', { hasText: TYPED }).waitFor();
    await until(async () => (await suggestedIds(agent))[0] === defect.id, "the defect as the agent's top suggestion", 15_000);
  });

  it('the same visitor saying it again after a reload is still one deflection', async () => {
    await customer.reload();
    await w(customer, 'widget-input').waitFor();
    await typeAndAwaitSearch(customer, 'login page appears again');
    const first = w(customer, 'widget-kb-hit').first();
    await until(async () => (await first.getAttribute('data-article-id')) === defect.id, 'the defect offered again');
    await first.getByRole('button', { name: `This solved it: ${DEFECT.title}` }).click();
    await first.getByRole('status').waitFor();
    expect(await deflectionsOf(defect.id)).toHaveLength(1);
    expect((await statsOf(defect.id)).deflections).toBe(1);
    // Emptying the composer hides the list.
    await w(customer, 'widget-input').fill('');
    await w(customer, 'widget-kb').waitFor({ state: 'detached' });
  });

  it('in Chinese: a Chinese browser gets the Chinese defect first, in Chinese words, and its deflection', async () => {
    const zh = await desks.open('customer-zh', { locale: 'zh-CN' });
    await openWidget(zh);
    const params = await typeAndAwaitSearch(zh, TYPED_ZH);
    expect(params.get('locale')).toBe('zh-CN');
    await until(async () => (await offeredIds(zh))[0] === defectZh.id, 'the Chinese defect offered first');
    for (const h of hidden) expect(await offeredIds(zh)).not.toContain(h.id);
    expect(await w(zh, 'widget-kb').locator('h2').textContent()).toBe('这些文章也许能帮到您');
    const first = w(zh, 'widget-kb-hit').first();
    expect(await first.locator('a mark').count()).toBeGreaterThan(0);
    expect(await first.locator('a').getAttribute('href')).toBe(
      `${server.url}/help/articles/${encodeURIComponent(defectZh.slug)}?lang=zh-CN`,
    );
    const solved = first.getByRole('button', { name: `问题已解决: ${DEFECT_ZH.title}` });
    await solved.click();
    await first.getByRole('status').filter({ hasText: '很高兴能帮到您！' }).waitFor();
    expect(await deflectionsOf(defectZh.id)).toMatchObject([{ source: 'widget', query: TYPED_ZH, visitorKey: await visitorIdOf(zh) }]);

    await w(zh, 'widget-input').press('Enter');
    await zh.locator('[data-testid=widget-message][data-status=sent]', { hasText: TYPED_ZH }).waitFor();
    await w(zh, 'widget-kb').waitFor({ state: 'detached' });
    await agent.goto('/inbox?view=all');
    await ticketRow(agent, TYPED_ZH).waitFor({ timeout: 15_000 });
  });

  it('while search is down the widget offers nothing and the message goes through', async () => {
    const real = searchEngine(server.ctx);
    const sw = switchableEngine(real);
    useSearchEngine(server.ctx, sw.engine);
    try {
      await typeAndAwaitSearch(customer, 'The login page appears again');
      await w(customer, 'widget-kb-hit').first().waitFor();
      sw.state.down = true;
      const text = 'The login page appears again, still';
      await typeAndAwaitSearch(customer, text, 503);
      // What was offered for the earlier words goes too: nothing stale, no error in the customer's way.
      await w(customer, 'widget-kb').waitFor({ state: 'detached' });
      expect(await customer.locator('[data-testid=widget-notice]').count()).toBe(0);
      await w(customer, 'widget-input').press('Enter');
      await customer.locator('[data-testid=widget-message][data-status=sent]', { hasText: text }).waitFor();
      await agent.goto(ticketUrl);
      await agent.locator('[data-testid=thread] [data-testid=message]', { hasText: text }).waitFor();
    } finally {
      useSearchEngine(server.ctx, real);
    }
  });
});
