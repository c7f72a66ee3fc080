import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SearchDocument, SearchEngine, Highlighted } from '../../../knowledge-base/search/engine.ts';

export function doc(overrides: Partial<SearchDocument> & { title: string }): SearchDocument {
  return {
    id: randomUUID(),
    slug: overrides.title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    symptoms: '',
    body: '',
    kind: 'how-to',
    status: 'published',
    visibility: 'public',
    product: null,
    categoryId: null,
    locale: 'en',
    tags: [],
    boost: 1,
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
}

export const marked = (h: Highlighted) => h.ranges.map(([s, e]) => h.text.slice(s, e));

/** The behaviour every SearchEngine adapter must show; run once per configured engine. */
export function engineContract(name: string, setup: () => Promise<SearchEngine>) {
  describe(`SearchEngine contract: ${name}`, () => {
    let engine: SearchEngine;
    const ids = async (q: string, filters = {}) => (await engine.search({ q, filters })).hits.map((h) => h.id);

    beforeEach(async () => {
      engine = await setup();
      await engine.clear();
      await engine.setSynonyms([]);
    });

    it('ranks a title match above a symptoms match above a body match', async () => {
      const inBody = doc({ title: 'Printer setup', body: 'If the scanner shows a paper jam, open tray 2.' });
      const inSymptoms = doc({ title: 'Tray errors', symptoms: 'The scanner reports a paper jam although the tray is empty.' });
      const inTitle = doc({ title: 'Paper jam on the scanner', body: 'Clear the rollers.' });
      await engine.index([inBody, inSymptoms, inTitle]);
      expect(await ids('paper jam')).toEqual([inTitle.id, inSymptoms.id, inBody.id]);
    });

    it('matches English word forms and tolerates a typo', async () => {
      const a = doc({ title: 'Resetting your password', body: 'Use the link on the sign-in page.' });
      const b = doc({ title: 'Exporting invoices', body: 'Invoices can be downloaded as PDF.' });
      await engine.index([a, b]);
      expect((await ids('reset password'))[0]).toBe(a.id);
      expect((await ids('pasword'))[0]).toBe(a.id);
      expect((await ids('invoice exprot'))[0]).toBe(b.id);
    });

    it('finds Chinese text, which has no spaces, and highlights the matched characters', async () => {
      const zh = doc({ title: '手机应用无法登录', locale: 'zh-CN', symptoms: '输入密码后提示网络错误，无法进入账户。' });
      const other = doc({ title: '如何导出发票', locale: 'zh-CN', body: '在账单页面点击导出。' });
      await engine.index([zh, other]);
      const res = await engine.search({ q: '登录不了' });
      expect(res.hits[0]?.id).toBe(zh.id);
      expect(marked(res.hits[0]!.title).join('')).toContain('登录');
      expect((await ids('导出发票'))[0]).toBe(other.id);
    });

    it('expands synonyms, across languages too', async () => {
      const a = doc({ title: 'Cannot log in after the update', body: 'Clear the app cache.' });
      const b = doc({ title: 'Billing address changes' });
      await engine.index([a, b]);
      expect(await ids('sign in broken')).not.toContain(a.id);
      await engine.setSynonyms([['log in', 'sign in', '登录']]);
      expect((await ids('sign in broken'))[0]).toBe(a.id);
      expect((await ids('无法登录'))[0]).toBe(a.id);
    });

    it('filters by status, visibility, locale, product, category and kind', async () => {
      const cat = randomUUID();
      const base = { title: 'Router keeps rebooting', body: 'Firmware problem' };
      const pub = doc({ ...base, product: 'X200', categoryId: cat, kind: 'defect' });
      const draft = doc({ ...base, status: 'draft' });
      const internal = doc({ ...base, visibility: 'internal', product: 'X300' });
      const zh = doc({ ...base, locale: 'zh-CN' });
      await engine.index([pub, draft, internal, zh]);
      expect(new Set(await ids('router rebooting'))).toEqual(new Set([pub.id, draft.id, internal.id, zh.id]));
      expect(new Set(await ids('router rebooting', { status: ['published'], visibility: ['public'] }))).toEqual(new Set([pub.id, zh.id]));
      expect(await ids('router rebooting', { status: ['published'], visibility: ['public'], locale: 'en' })).toEqual([pub.id]);
      expect(await ids('router rebooting', { product: 'X300' })).toEqual([internal.id]);
      expect(await ids('router rebooting', { categoryId: cat })).toEqual([pub.id]);
      expect(await ids('router rebooting', { kind: 'defect' })).toEqual([pub.id]);
    });

    it('replaces a document on re-index and forgets a removed one', async () => {
      const a = doc({ title: 'Bluetooth pairing fails' });
      await engine.index([a]);
      await engine.index([{ ...a, title: 'Wi-Fi drops every hour' }]);
      expect(await ids('bluetooth')).toEqual([]);
      expect(await ids('wifi drops')).toEqual([a.id]);
      await engine.remove([a.id]);
      expect(await ids('drops')).toEqual([]);
      expect((await engine.health()).documents).toBe(0);
    });

    it('returns highlights as plain text with ranges, never interpreting article HTML', async () => {
      const a = doc({ title: 'Export <b>fails</b>', body: 'Error <script>alert(1)</script> when export starts. '.repeat(10) });
      await engine.index([a]);
      const [hit] = (await engine.search({ q: 'export' })).hits;
      expect(hit?.title.text).toBe('Export <b>fails</b>');
      expect(marked(hit!.title)).toEqual(['Export']);
      expect(marked(hit!.snippet).every((m) => m.toLowerCase() === 'export')).toBe(true);
      expect(hit!.snippet.text.length).toBeLessThan(260);
    });

    it('reports health and the number of documents', async () => {
      await engine.index([doc({ title: 'One' }), doc({ title: 'Two' })]);
      expect(await engine.health()).toMatchObject({ ok: true, engine: engine.name, documents: 2 });
    });
  });
}
