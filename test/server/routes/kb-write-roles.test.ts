import { describe, expect, it } from 'vitest';
import type { Role } from '../../../server/db/schema/index.ts';
import { kbArticles, kbCategories, kbSynonyms } from '../../../server/db/schema/index.ts';
import { createCategory } from '../../../knowledge-base/categories/write-category.ts';
import { createSynonym } from '../../../knowledge-base/synonyms/synonyms.ts';
import { buildTokenUser } from '../../support/http.ts';
import { buildArticle, editorActor } from '../../support/kb.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld();

type Ids = { article: string; category: string; synonym: string };
const article = { kind: 'how-to', title: 'New article', body: 'Text' };
/** Every knowledge-base write with a valid body, so only the caller's role decides. */
const writes: Array<{ name: string; call: (ids: Ids) => [string, string, unknown?] }> = [
  { name: 'create article', call: () => ['POST', '/api/kb/articles', article] },
  { name: 'update article', call: (i) => ['PATCH', `/api/kb/articles/${i.article}`, { title: 'Changed', expectedVersion: 1 }] },
  { name: 'publish article', call: (i) => ['POST', `/api/kb/articles/${i.article}/status`, { status: 'archived' }] },
  { name: 'delete article', call: (i) => ['DELETE', `/api/kb/articles/${i.article}`] },
  { name: 'restore revision', call: (i) => ['POST', `/api/kb/articles/${i.article}/revisions/1/restore`] },
  { name: 'create category', call: () => ['POST', '/api/kb/categories', { name: 'Billing' }] },
  { name: 'update category', call: (i) => ['PATCH', `/api/kb/categories/${i.category}`, { name: 'Renamed' }] },
  { name: 'delete category', call: (i) => ['DELETE', `/api/kb/categories/${i.category}`] },
  { name: 'create synonyms', call: () => ['POST', '/api/kb/synonyms', { terms: ['wifi', 'wlan'] }] },
  { name: 'update synonyms', call: (i) => ['PUT', `/api/kb/synonyms/${i.synonym}`, { terms: ['a1', 'b1'] }] },
  { name: 'delete synonyms', call: (i) => ['DELETE', `/api/kb/synonyms/${i.synonym}`] },
];
const refused: Role[] = ['agent', 'supervisor'];

async function seed(): Promise<Ids> {
  const a = await buildArticle(t.ctx, { title: 'Existing' });
  const c = await createCategory(t.ctx, editorActor, { name: 'Accounts' });
  const s = await createSynonym(t.ctx, editorActor, { terms: ['log in', 'sign in'] });
  return { article: a.id, category: c.id, synonym: s.id };
}

const snapshot = async () => ({
  articles: await t.ctx.db.select().from(kbArticles),
  categories: await t.ctx.db.select().from(kbCategories),
  synonyms: await t.ctx.db.select().from(kbSynonyms),
});

describe.each(writes)('$name', ({ call }) => {
  it.each(refused)('is refused for %s with 403 and changes nothing', async (role) => {
    const ids = await seed();
    const caller = await buildTokenUser(t.ctx, [role]);
    const before = await snapshot();
    const [method, path, body] = call(ids);
    const res = await app.request(path, { method, headers: caller.headers, body: body === undefined ? undefined : JSON.stringify(body) });
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).error.code).toBe('FORBIDDEN');
    expect(await snapshot()).toEqual(before);
  });

  it('is refused without sign-in (401)', async () => {
    const [method, path, body] = call(await seed());
    const res = await app.request(path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status).toBe(401);
  });

  it('is allowed for an editor', async () => {
    const ids = await seed();
    const editor = await buildTokenUser(t.ctx, ['editor']);
    const [method, path, body] = call(ids);
    const res = await app.request(path, { method, headers: editor.headers, body: body === undefined ? undefined : JSON.stringify(body) });
    expect([200, 201, 204]).toContain(res.status);
  });
});
