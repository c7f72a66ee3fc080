import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setArticleStatus } from '../../../knowledge-base/articles/set-article-status.ts';
import { createCategory } from '../../../knowledge-base/categories/write-category.ts';
import { useSearchEngine, searchEngine } from '../../../knowledge-base/search/select.ts';
import { kbArticles } from '../../../server/db/schema/index.ts';
import { helpCatalogs } from '../../../server/routes/help-center/strings.ts';
import { catalogProblems } from '../../support/catalog-checks.ts';
import { buildArticle, drainKbOutbox, editorActor, switchableEngine } from '../../support/kb.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld();

const page = async (path: string, headers: Record<string, string> = {}) => {
  const res = await app.request(path, { headers });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    html: await res.text(),
    cookie: res.headers.get('set-cookie') ?? '',
  };
};
/** The page's text without tags, the way a reader sees it. */
const href = (slug: string) => `href="/help/articles/${encodeURIComponent(slug)}"`;
const text = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

async function world() {
  const cat = await createCategory(t.ctx, editorActor, { name: 'Signing in', localizedNames: { 'zh-CN': '登录问题' } });
  const en = await buildArticle(t.ctx, {
    kind: 'defect',
    title: 'Login loops back to the sign-in page',
    symptoms: 'After entering the password the sign-in page shows again.',
    workaround: 'Clear the browser cookies for the site.',
    product: 'Web app',
    affectedVersions: ['3.1'],
    fixedIn: '3.2',
    body: 'Details <script>alert(1)</script> **bold**',
    categoryId: cat.id,
    locale: 'en',
  });
  const zh = await buildArticle(t.ctx, {
    kind: 'defect',
    title: '登录后又回到登录页面',
    symptoms: '输入密码后又显示登录页面。',
    workaround: '清除浏览器缓存。',
    categoryId: cat.id,
    locale: 'zh-CN',
  });
  const draft = await buildArticle(t.ctx, { title: 'Login loops draft notes', status: 'draft', categoryId: cat.id });
  const internal = await buildArticle(t.ctx, { title: 'Login loops internal runbook', visibility: 'internal', categoryId: cat.id });
  const archived = await buildArticle(t.ctx, { title: 'Login loops archived article', categoryId: cat.id });
  await setArticleStatus(t.ctx, editorActor, archived.id, { status: 'archived' });
  await drainKbOutbox(t.ctx);
  return { cat, en, zh, hidden: [draft, internal, archived] };
}

describe('help center pages (/help, no sign-in)', () => {
  it('lists topics and articles in the reader’s language, chosen by Accept-Language, switchable and remembered', async () => {
    const w = await world();
    const home = await page('/help', { 'accept-language': 'en-US,en;q=0.9' });
    expect(home.status).toBe(200);
    expect(home.type).toContain('text/html');
    expect(text(home.html)).toContain('Signing in');
    expect(home.html).toContain(href(w.en.slug));
    expect(home.html).not.toContain(href(w.zh.slug));
    expect(home.html).toContain('lang="en"');
    // The stylesheet goes out verbatim (an escaped quote inside <style> would break the fonts for Chinese).
    expect(home.html).toContain("'Noto Sans CJK SC'");

    const zh = await page('/help', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' });
    expect(zh.html).toContain('lang="zh-CN"');
    expect(text(zh.html)).toContain('帮助中心');
    expect(text(zh.html)).toContain('登录问题');
    expect(zh.html).toContain(href(w.zh.slug));

    const switched = await page('/help?lang=zh-CN', { 'accept-language': 'en' });
    expect(text(switched.html)).toContain('帮助中心');
    expect(switched.cookie).toContain('sb_help_lang=zh-CN');
    const remembered = await page('/help', { 'accept-language': 'en', cookie: 'sb_help_lang=zh-CN' });
    expect(text(remembered.html)).toContain('帮助中心');
    for (const hidden of w.hidden) expect(home.html).not.toContain(hidden.title);
  });

  it('shows an article with its defect fields and sanitised body; drafts, internal and archived articles are 404', async () => {
    const w = await world();
    const res = await page(`/help/articles/${w.en.slug}`);
    expect(res.status).toBe(200);
    const body = text(res.html);
    expect(body).toContain('Login loops back to the sign-in page');
    expect(body).toContain('Clear the browser cookies for the site.');
    expect(body).toContain('Fixed in version 3.2');
    expect(res.html).toContain('<strong>bold</strong>');
    expect(res.html).not.toContain('<script>alert');
    expect(res.html).not.toContain('<script>');
    for (const a of w.hidden) {
      for (const key of [a.slug, a.id]) {
        const hidden = await page(`/help/articles/${key}`);
        expect(hidden.status, `${a.title} by ${key}`).toBe(404);
        expect(hidden.html).not.toContain(a.title);
        expect(text(hidden.html)).toContain('Page not found');
      }
    }
    expect((await page('/help/nowhere')).status).toBe(404);
    expect((await page('/help/categories/no-such-topic')).status).toBe(404);
  });

  it('searches public articles in both languages, marks matched words, never finds hidden ones', async () => {
    const w = await world();
    const en = await page('/help/search?q=login%20loops');
    expect(en.status).toBe(200);
    expect(en.html).toContain(href(w.en.slug));
    expect(en.html).toMatch(/<mark>login<\/mark>/i);
    for (const hidden of w.hidden) expect(en.html).not.toContain(href(hidden.slug));

    const zh = await page(`/help/search?q=${encodeURIComponent('登录页面')}`, { 'accept-language': 'zh-CN' });
    expect(zh.html).toContain(href(w.zh.slug));
    expect(zh.html).toContain('<mark>');
    // Chinese words typed in the English help center: nothing in English, so the Chinese answer is offered.
    const cross = await page(`/help/search?q=${encodeURIComponent('登录页面')}`, { 'accept-language': 'en' });
    expect(text(cross.html)).toContain('Results in other languages');
    expect(cross.html).toContain(href(w.zh.slug));

    const injected = await page(`/help/search?q=${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
    expect(injected.html).not.toContain('<img src=x');
    expect(injected.html).toContain('&lt;img src=x');
  });

  it('says search is unavailable (503) when the engine is down, instead of failing', async () => {
    await world();
    const sw = switchableEngine(searchEngine(t.ctx));
    useSearchEngine(t.ctx, sw.engine);
    sw.state.down = true;
    try {
      const res = await page('/help/search?q=login');
      expect(res.status).toBe(503);
      expect(text(res.html)).toContain('Search is unavailable right now');
    } finally {
      sw.state.down = false;
    }
  });

  it('counts "this solved it" once per reader, and thanks them', async () => {
    const w = await world();
    const post = (cookie = '') => app.request(`/help/articles/${w.en.slug}/helpful`, { method: 'POST', headers: cookie ? { cookie } : {} });
    const first = await post();
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/help/articles/${w.en.slug}?thanks=1`);
    const visitor = /sb_help_visitor=([^;]+)/.exec(first.headers.get('set-cookie') ?? '')![1]!;
    await post(`sb_help_visitor=${visitor}`);
    const [row] = await t.ctx.db.select({ n: kbArticles.deflectionCount }).from(kbArticles).where(eq(kbArticles.id, w.en.id));
    expect(row!.n).toBe(1);
    expect(text((await page(`/help/articles/${w.en.slug}?thanks=1`)).html)).toContain('Glad it helped');
    expect((await app.request(`/help/articles/${w.hidden[0]!.slug}/helpful`, { method: 'POST' })).status).toBe(404);
  });
});

describe('help center strings', () => {
  it('has every help-center string in both languages with the same placeholders', () => {
    expect(catalogProblems(helpCatalogs)).toEqual([]);
  });
});
