import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fetchAsPage } from '../support/browser.ts';
import { browserWorld } from '../support/browser-world.ts';
import { addPerson, ingestOverHttp, signedInDesk } from '../support/console.ts';
import { buildInbound } from '../support/factories.ts';
import { buildTokenUser } from '../support/http.ts';
import { searchEngine, useSearchEngine } from '../../knowledge-base/search/select.ts';
import { buildArticle, switchableEngine } from '../support/kb.ts';
import { articleIdOf, fillArticleForm, suggestedIds, untilPubliclyFound } from '../support/kb-console.ts';
import { until } from '../support/sockets.ts';

const { server, desks } = browserWorld();
let token: string;
const password = 'kb-e2e-password-1';
const EDITOR = { name: 'Erin Editor', email: 'erin@example.com' };
const AGENT = { name: 'Andy Agent', email: 'andy@example.com' };
const AGENT_ZH = { name: '王芳', email: 'wang.fang@example.cn' };

beforeAll(async () => {
  await addPerson(server.ctx, { name: 'Ada Admin', email: 'ada@example.com', roles: ['admin'], password });
  await addPerson(server.ctx, { ...EDITOR, roles: ['editor'], password });
  await addPerson(server.ctx, { ...AGENT, roles: ['agent'], password });
  await addPerson(server.ctx, { ...AGENT_ZH, roles: ['agent'], password, locale: 'zh-CN' });
  token = (await buildTokenUser(server.ctx, ['agent'])).token;
});

const DEFECT = {
  title: 'Login page keeps coming back after updating to 4.2',
  symptoms: 'After updating to version 4.2, customers enter their password and the login page appears again instead of their account.',
  product: 'Web app',
  versions: '4.2.0, 4.2.1',
  cause: 'The 4.2 update leaves an old session cookie behind.',
  workaround: 'Clear the cookies for our site, then sign in again.',
  fixedIn: '4.2.2',
};
const DEFECT_ZH = {
  title: '更新到 4.2 后登录页面反复出现',
  symptoms: '更新到 4.2 版本后，输入密码又回到登录页面，无法进入账户。',
  workaround: '清除本网站的 Cookie，然后重新登录。',
  fixedIn: '4.2.2',
};

describe('knowledge base, end to end', { timeout: 150_000 }, () => {
  let editor: Page;
  let agent: Page;
  let defectId = '';
  let defectSlug = '';
  let zhId = '';
  const hidden: Array<{ id: string; slug: string; title: string }> = [];
  let invoicesId = '';

  it('an editor sets up a topic and synonyms, writes a known defect with a live preview, revises it, restores a revision and publishes it', async () => {
    editor = await signedInDesk(desks, 'editor', { ...EDITOR, password });
    await editor.click('[data-testid=nav-kb]');
    await editor.waitForURL('**/kb');

    // Categories: create, rename, move, delete (the tree follows each step).
    await editor.click('[data-testid=kb-tabs] a[href="/kb/categories"]');
    await editor.fill('[data-testid=kb-new-category-name]', 'Account access');
    await editor.fill('[data-testid=kb-new-category-zh]', '账户访问');
    await editor.click('[data-testid=kb-add-category]');
    await editor.locator('[data-testid=kb-category][data-name="Account access"]').waitFor();
    await editor.fill('[data-testid=kb-new-category-name]', 'Temp');
    await editor.click('[data-testid=kb-add-category]');
    const temp = editor.locator('[data-testid=kb-category][data-name="Temp"]');
    await temp.locator('[data-testid=kb-category-rename]').click();
    await temp.locator('[data-testid=kb-category-name]').fill('Passwords');
    await temp.locator('button[type=submit]').click();
    const passwords = editor.locator('[data-testid=kb-category][data-name="Passwords"]');
    await passwords.locator('[data-testid=kb-category-move]').click();
    await passwords.locator('[data-testid=kb-category-parent]').selectOption({ label: 'Account access' });
    await passwords.locator('button[type=submit]').click();
    await editor
      .locator('[data-testid=kb-category][data-name="Account access"] [data-testid=kb-category][data-name="Passwords"]')
      .waitFor();
    editor.once('dialog', (d) => void d.accept());
    await editor.locator('[data-testid=kb-category][data-name="Passwords"] [data-testid=kb-category-delete]').click();
    await passwords.waitFor({ state: 'detached' });

    await editor.click('[data-testid=kb-tabs] a[href="/kb/synonyms"]');
    await editor.fill('[data-testid=kb-synonym-input]', 'log in, sign in, 登录');
    await editor.click('[data-testid=kb-synonym-add]');
    const group = editor.locator('[data-testid=kb-synonym-group]');
    await group.first().waitFor();
    expect(await group.first().locator('.badge').allTextContents()).toEqual(['log in', 'sign in', '登录']);

    // The article, written in the editor screens.
    await editor.click('[data-testid=kb-tabs] a[href="/kb"]');
    await editor.click('[data-testid=kb-new]');
    await editor.waitForURL('**/kb/new');
    expect(await editor.locator('[data-testid=kb-defect-fields]').count()).toBe(0);
    await fillArticleForm(editor, {
      kind: 'defect',
      visibility: 'public',
      locale: 'en',
      category: 'Account access',
      ...DEFECT,
      body: '## Steps\n\n1. Open **Settings**\n2. Choose *Privacy*\n\n<script>window.__kbXss = 1</script><img src=x onerror="window.__kbXss = 2">',
      tags: 'login, cookies',
    });
    await editor.locator('[data-testid=kb-preview] strong', { hasText: 'Settings' }).waitFor();
    expect(await editor.locator('[data-testid=kb-preview] h2').textContent()).toBe('Steps');
    expect(await editor.locator('[data-testid=kb-preview] script').count()).toBe(0);
    expect(await editor.evaluate(() => (globalThis as { __kbXss?: number }).__kbXss)).toBeUndefined();
    await editor.click('[data-testid=kb-create]');
    await editor.waitForURL(/\/kb\/[0-9a-f-]{36}$/);
    defectId = articleIdOf(editor);
    await until(async () => (await editor.locator('[data-testid=kb-status]').textContent()) === 'Draft', 'the new article to be a draft');
    expect(await editor.inputValue('[data-testid=kb-symptoms]')).toBe(DEFECT.symptoms);

    // Revise, look at the diff, restore the first revision.
    await editor.fill('[data-testid=kb-workaround]', 'Use a private window for now.');
    await editor.fill('[data-testid=kb-note]', 'shorter workaround');
    await editor.click('[data-testid=kb-save]');
    await until(async () => (await editor.locator('[data-testid=kb-version]').textContent()) === 'Revision 2', 'revision 2 after saving');
    await editor.click('[data-testid=kb-tab-history]');
    const rev2 = editor.locator('[data-testid=kb-revision][data-number="2"]');
    await rev2.waitFor();
    expect(await editor.locator('[data-testid=kb-revision]').count()).toBe(2);
    expect(await rev2.locator('[data-testid=kb-revision-author]').textContent()).toBe(EDITOR.name);
    expect(await rev2.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    await rev2.locator('[data-testid=kb-revision-diff]').click();
    await rev2.locator('[data-testid=kb-diff] ins', { hasText: 'Use a private window for now.' }).waitFor();
    expect(await rev2.locator('[data-testid=kb-diff] del').allTextContents()).toContain(DEFECT.workaround);
    editor.once('dialog', (d) => void d.accept());
    await editor.locator('[data-testid=kb-revision][data-number="1"] [data-testid=kb-revision-restore]').click();
    await editor.locator('[data-testid=kb-revision][data-number="3"]').waitFor();
    await editor.click('[role=tab] >> text=Content');
    expect(await editor.inputValue('[data-testid=kb-workaround]')).toBe(DEFECT.workaround);

    await editor.click('[data-testid=kb-to-published]');
    await until(async () => (await editor.locator('[data-testid=kb-status]').textContent()) === 'Published', 'the article to be published');

    // Neighbours: a how-to that also talks about passwords, and articles that must stay out of sight.
    await buildArticle(server.ctx, {
      title: 'Change your password',
      body: 'Open your account settings and choose a new password.',
      locale: 'en',
    });
    invoicesId = (
      await buildArticle(server.ctx, {
        title: 'Download invoices as PDF',
        body: 'Every invoice can be downloaded as a PDF from the Billing page.',
        locale: 'en',
      })
    ).id;
    for (const a of [
      await buildArticle(server.ctx, { title: 'Draft: login page loop notes', body: DEFECT.symptoms, status: 'draft' }),
      await buildArticle(server.ctx, {
        title: 'Internal: login page loop escalation',
        body: 'Escalate to identity team when the login page keeps coming back.',
        visibility: 'internal',
      }),
    ])
      hidden.push(a);
    defectSlug = ((await (await fetch(`${server.url}/api/public/kb/articles/${defectId}`)).json()) as { slug: string }).slug;
    await untilPubliclyFound(server.url, 'login page appears again', defectId, 'en');
  });

  it('a new ticket describing the symptom shows the article first; insert fills the composer; solved links it; new messages update the panel live', async () => {
    agent = await signedInDesk(desks, 'agent', { ...AGENT, password });
    const threadKey = `kb-e2e-${Date.now()}`;
    const { ticketId } = await ingestOverHttp(
      server.url,
      token,
      buildInbound({
        threadKey,
        subject: 'Cannot get into my account',
        text: 'Since the update to 4.2, every time I type my password the login page just appears again.',
        sender: { externalId: 'sam@example.com', displayName: 'Sam' },
      }),
    );
    await agent.goto(`/inbox/${ticketId}`);
    const panel = agent.locator('[data-testid=kb-suggestions]');
    await panel.locator('[data-testid=kb-suggestion]').first().waitFor();
    expect((await suggestedIds(agent))[0]).toBe(defectId);
    const first = panel.locator('[data-testid=kb-suggestion]').first();
    expect(await first.locator('mark').count()).toBeGreaterThan(0);
    for (const h of hidden.filter((a) => a.title.startsWith('Draft'))) expect(await suggestedIds(agent)).not.toContain(h.id);

    await agent.fill('[data-testid=composer-input]', 'Hello Sam,');
    await first.locator('[data-testid=kb-insert]').click();
    await until(
      async () => (await agent.inputValue('[data-testid=composer-input]')) === `Hello Sam,\n\n${DEFECT.workaround}`,
      'the workaround in the composer',
    );
    await first.locator('[data-testid=kb-solved]').click();
    await first.locator('[data-testid=kb-linked]').waitFor();
    await agent.reload();
    await agent.locator('[data-testid=kb-suggestion]').first().locator('[data-testid=kb-linked]').waitFor();

    // The customer writes again about something else: the panel follows without a reload.
    await ingestOverHttp(
      server.url,
      token,
      buildInbound({
        threadKey,
        subject: 'Cannot get into my account',
        text: 'Also: how can I download my invoices as PDF?',
        sender: { externalId: 'sam@example.com', displayName: 'Sam' },
      }),
    );
    await until(async () => (await suggestedIds(agent)).includes(invoicesId), 'the invoices article to be suggested live', 10_000);

    // The editor sees the use in the article's stats.
    await editor.goto(`/kb/${defectId}`);
    await editor.click('[data-testid=kb-tab-stats]');
    await until(async () => (await editor.locator('[data-testid=kb-stat-solved]').textContent()) === '1', 'solved = 1 in the stats');
    expect(await editor.locator('[data-testid=kb-stat-inserted]').textContent()).toBe('1');
    expect(Number(await editor.locator('[data-testid=kb-stat-suggested]').textContent())).toBeGreaterThanOrEqual(1);
  });

  it('works the same in Chinese: a Chinese defect written in the Chinese console is the first suggestion for a Chinese ticket', async () => {
    await editor.selectOption('[data-testid=language-select]', 'zh-CN');
    await editor.goto('/kb/new');
    await editor.locator('h1', { hasText: '新建文章' }).waitFor();
    await fillArticleForm(editor, {
      kind: 'defect',
      visibility: 'public',
      locale: 'zh-CN',
      category: '账户访问',
      ...DEFECT_ZH,
      body: '请按照以下步骤操作：**清除 Cookie**。',
    });
    await editor.locator('[data-testid=kb-preview] strong', { hasText: '清除 Cookie' }).waitFor();
    await editor.click('[data-testid=kb-create-publish]');
    await editor.waitForURL(/\/kb\/[0-9a-f-]{36}$/);
    zhId = articleIdOf(editor);
    await until(
      async () => (await editor.locator('[data-testid=kb-status]').textContent()) === '已发布',
      'the Chinese article to be published (已发布)',
    );
    await untilPubliclyFound(server.url, '登录页面', zhId, 'zh-CN');

    const zhAgent = await signedInDesk(desks, 'agent-zh', { ...AGENT_ZH, password }, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const { ticketId } = await ingestOverHttp(
      server.url,
      token,
      buildInbound({
        subject: '无法登录',
        text: '更新到4.2以后，我输入密码后又回到登录页面，怎么办？',
        sender: { externalId: 'li.lei@example.cn', displayName: '李雷' },
      }),
    );
    await zhAgent.goto(`/inbox/${ticketId}`);
    const panel = zhAgent.locator('[data-testid=kb-suggestions]');
    await panel.locator('h3', { hasText: '推荐文章' }).waitFor();
    await panel.locator('[data-testid=kb-suggestion]').first().waitFor();
    expect((await suggestedIds(zhAgent))[0]).toBe(zhId);
    const first = panel.locator('[data-testid=kb-suggestion]').first();
    expect(await first.locator('mark').count()).toBeGreaterThan(0);
    const insert = first.locator('[data-testid=kb-insert]');
    expect((await insert.textContent())?.trim()).toBe('插入回复');
    await insert.click();
    await until(
      async () => (await zhAgent.inputValue('[data-testid=composer-input]')) === DEFECT_ZH.workaround,
      'the Chinese workaround in the composer',
    );
  });

  it('the help center finds the articles in both languages; drafts and internal articles are not there and their URLs are 404', async () => {
    const visitor = await desks.open('visitor');
    const home = await visitor.goto('/help');
    expect(home?.status()).toBe(200);
    await visitor.locator('[data-testid=help-category] h2', { hasText: 'Account access' }).waitFor();
    await visitor.fill('[data-testid=help-search-input]', 'login page appears again after the update');
    await visitor.click('[data-testid=help-search-submit]');
    await visitor.waitForURL('**/help/search?q=*');
    const firstHit = visitor.locator('[data-testid=help-hit]').first();
    expect(await firstHit.locator('a').getAttribute('href')).toBe(`/help/articles/${defectSlug}`);
    expect(await firstHit.locator('mark').count()).toBeGreaterThan(0);
    const results = await visitor.locator('main').innerText();
    for (const h of hidden) expect(results).not.toContain(h.title);
    await firstHit.locator('a').click();
    await visitor.locator('[data-testid=help-workaround]', { hasText: DEFECT.workaround }).waitFor();
    expect(await visitor.locator('[data-testid=help-article]').innerText()).toContain('Fixed in version 4.2.2');

    // The language switch: the same page in Chinese, then a Chinese search.
    await visitor.click('[data-testid=help-language] a[data-lang="zh-CN"]');
    await visitor.locator('.brand', { hasText: '帮助中心' }).waitFor();
    await visitor.fill('[data-testid=help-search-input]', '登录页面反复出现');
    await visitor.click('[data-testid=help-search-submit]');
    await visitor.locator('[data-testid=help-hit]').first().waitFor();
    const zhSlug = ((await (await fetch(`${server.url}/api/public/kb/articles/${zhId}`)).json()) as { slug: string }).slug;
    expect(await visitor.locator('[data-testid=help-hit] a').first().getAttribute('href')).toBe(
      `/help/articles/${encodeURIComponent(zhSlug)}`,
    );

    // A Chinese browser gets the Chinese help center without choosing.
    const zhVisitor = await desks.open('visitor-zh', { locale: 'zh-CN' });
    await zhVisitor.goto('/help');
    await zhVisitor.locator('[data-testid=help-category] h2', { hasText: '账户访问' }).waitFor();
    expect(await zhVisitor.locator('html').getAttribute('lang')).toBe('zh-CN');

    const everything = await visitor.goto('/help?lang=en');
    expect(everything?.status()).toBe(200);
    const text = await visitor.locator('main').innerText();
    for (const h of hidden) {
      expect(text).not.toContain(h.title);
      for (const key of [h.slug, h.id]) {
        const res = await visitor.goto(`/help/articles/${key}`);
        expect(res?.status(), `${h.title} at ${key}`).toBe(404);
        await visitor.locator('[data-testid=help-not-found]').waitFor();
        expect(await visitor.locator('body').innerText()).not.toContain(h.title);
      }
    }
  });

  it('agents read the knowledge base without write controls, and the API refuses their writes', async () => {
    await agent.goto('/kb');
    await agent.locator('[data-testid=kb-read-only]').waitFor();
    await agent.locator('[data-testid=kb-article-row]').first().waitFor();
    expect(await agent.locator('[data-testid=kb-new]').count()).toBe(0);
    expect(await agent.locator('[data-testid=kb-article-row][data-status=draft]').count()).toBe(0);
    await agent.goto(`/kb/${defectId}`);
    await agent.locator('[data-testid=kb-article-read]').waitFor();
    expect(await agent.locator('[data-testid=kb-article-read] h1').textContent()).toBe(DEFECT.title);
    expect(await agent.locator('[data-testid=kb-save], [data-testid=kb-workflow], [data-testid=kb-tab-history]').count()).toBe(0);
    expect((await fetchAsPage(agent, 'POST', '/api/kb/articles', { kind: 'faq', title: 'Sneaky' })).status).toBe(403);
    expect((await fetchAsPage(agent, 'POST', `/api/kb/articles/${defectId}/status`, { status: 'archived' })).status).toBe(403);
    await agent.goto('/kb/categories');
    await agent.locator('[data-testid=kb-category]').first().waitFor();
    expect(await agent.locator('[data-testid=kb-category-form], [data-testid=kb-category-rename]').count()).toBe(0);
  });

  it('the side panel says suggestions are unavailable while search is down, and recovers on the next message', async () => {
    const real = searchEngine(server.ctx);
    const sw = switchableEngine(real);
    useSearchEngine(server.ctx, sw.engine);
    sw.state.down = true;
    try {
      const threadKey = `kb-e2e-down-${Date.now()}`;
      const sender = { externalId: 'kim@example.com', displayName: 'Kim' };
      const { ticketId } = await ingestOverHttp(
        server.url,
        token,
        buildInbound({ threadKey, subject: 'Login trouble', text: 'The login page appears again after I type my password', sender }),
      );
      await agent.goto(`/inbox/${ticketId}`);
      await agent.locator('[data-testid=kb-suggestions-unavailable]').waitFor();
      expect(await agent.locator('[data-testid=kb-suggestion]').count()).toBe(0);
      sw.state.down = false;
      await ingestOverHttp(
        server.url,
        token,
        buildInbound({ threadKey, subject: 'Login trouble', text: 'Still: the login page appears again after the 4.2 update', sender }),
      );
      await until(async () => (await suggestedIds(agent))[0] === defectId, 'suggestions back after the engine recovered', 10_000);
      expect(await agent.locator('[data-testid=kb-suggestions-unavailable]').count()).toBe(0);
    } finally {
      useSearchEngine(server.ctx, real);
    }
  });
});
