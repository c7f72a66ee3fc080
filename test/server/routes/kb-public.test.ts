import { describe, expect, it } from 'vitest';
import { setArticleStatus } from '../../../knowledge-base/articles/set-article-status.ts';
import { createCategory } from '../../../knowledge-base/categories/write-category.ts';
import { buildArticle, drainKbOutbox, editorActor } from '../../support/kb.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld({ TRUST_PROXY: 'true' });

const get = async (path: string) => {
  const res = await app.request(path);
  return { status: res.status, body: (await res.json()) as any };
};

describe('public help-center API (no sign-in)', () => {
  it('serves published public articles and nothing else, by id, slug, list, search or category', async () => {
    const secretCat = await createCategory(t.ctx, editorActor, { name: 'Secret' });
    const openCat = await createCategory(t.ctx, editorActor, { name: 'Getting started', localizedNames: { 'zh-CN': '入门' } });
    const shared = { body: 'Reset the modem by holding the button for ten seconds.' };
    const pub = await buildArticle(t.ctx, { ...shared, title: 'Modem reset guide', categoryId: openCat.id });
    const hidden = [
      await buildArticle(t.ctx, { ...shared, title: 'Modem reset draft', status: 'draft', categoryId: secretCat.id }),
      await buildArticle(t.ctx, { ...shared, title: 'Modem reset internal', visibility: 'internal', categoryId: secretCat.id }),
      await buildArticle(t.ctx, { ...shared, title: 'Modem reset archived' }),
    ];
    await setArticleStatus(t.ctx, editorActor, hidden[2]!.id, { status: 'archived' });
    await drainKbOutbox(t.ctx);

    const ok = await get(`/api/public/kb/articles/${pub.id}`);
    expect(ok.status).toBe(200);
    expect(ok.body).not.toHaveProperty('stats');
    expect(ok.body).not.toHaveProperty('visibility');
    expect((await get(`/api/public/kb/articles/${pub.slug}`)).body.id).toBe(pub.id);
    for (const a of hidden) {
      for (const key of [a.id, a.slug]) {
        const res = await get(`/api/public/kb/articles/${key}`);
        expect(res.status).toBe(404);
        expect(res.body.error).toEqual({ code: 'NOT_FOUND', message: 'Article not found' });
      }
    }
    expect((await get('/api/public/kb/articles/00000000-0000-4000-8000-000000000000')).body.error.message).toBe('Article not found');
    expect((await get('/api/public/kb/articles')).body.articles.map((a: { id: string }) => a.id)).toEqual([pub.id]);
    expect((await get('/api/public/kb/search?q=modem%20reset')).body.hits.map((h: { id: string }) => h.id)).toEqual([pub.id]);
    const cats = (await get('/api/public/kb/categories')).body.categories;
    expect(cats.map((c: { name: string; articleCount: number }) => [c.name, c.articleCount])).toEqual([['Getting started', 1]]);
  });

  it('records "this solved it" once per visitor, and only for public articles', async () => {
    const pub = await buildArticle(t.ctx, { title: 'Change your email address' });
    const internal = await buildArticle(t.ctx, { title: 'Internal only', visibility: 'internal' });
    const post = (id: string, body: unknown) =>
      app.request(`/api/public/kb/articles/${id}/deflections`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const first = await post(pub.id, { source: 'widget', query: 'change email', visitorKey: 'visitor-123456' });
    expect(await first.json()).toEqual({ articleId: pub.id, recorded: true });
    expect(await (await post(pub.id, { source: 'widget', visitorKey: 'visitor-123456' })).json()).toMatchObject({ recorded: false });
    expect((await post(internal.id, { source: 'help', visitorKey: 'visitor-123456' })).status).toBe(404);
    const bad = await post(pub.id, { source: 'fax', visitorKey: 'visitor-123456' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.details[0].path).toBe('source');
    expect((await post(pub.id, { source: 'help' })).status).toBe(400);
  });

  it('limits "this solved it" per address, so counts cannot be pumped', async () => {
    const pub = await buildArticle(t.ctx, { title: 'Pair a new remote' });
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      const res = await app.request(`/api/public/kb/articles/${pub.id}/deflections`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' },
        body: JSON.stringify({ source: 'widget', visitorKey: `visitor-${i}-abcdef` }),
      });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(30);
    expect(statuses.slice(30)).toEqual([429, 429]);
  });
});
