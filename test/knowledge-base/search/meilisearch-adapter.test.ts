import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SearchEngine } from '../../../knowledge-base/search/engine.ts';
import { SearchUnavailableError } from '../../../knowledge-base/search/engine.ts';
import { createMeilisearchEngine } from '../../../knowledge-base/search/meilisearch/engine.ts';
import { startMeiliStandIn } from '../../support/meili-stand-in.ts';
import { doc, marked } from './engine-contract.ts';

let meili: Awaited<ReturnType<typeof startMeiliStandIn>>;
let engine: SearchEngine;
beforeEach(async () => {
  meili = await startMeiliStandIn();
  engine = createMeilisearchEngine({ url: meili.url, apiKey: 'test-key', indexUid: 'kb_test', taskTimeoutMs: 5000 });
});
afterEach(() => meili.close());

describe('Meilisearch adapter request shapes (against a local stand-in)', () => {
  it('creates the index and sends ranking settings, waiting for each task to finish', async () => {
    await engine.init();
    const [create] = meili.writes('/indexes');
    expect(create!.body).toEqual({ uid: 'kb_test', primaryKey: 'id' });
    const [settings] = meili.writes('/indexes/kb_test/settings');
    expect(settings!.method).toBe('PATCH');
    expect(settings!.body).toMatchObject({
      searchableAttributes: ['title', 'symptoms', 'tags', 'product', 'body'],
      filterableAttributes: expect.arrayContaining(['status', 'visibility', 'product', 'categoryId', 'locale']),
      typoTolerance: { enabled: true },
    });
    expect((settings!.body as { rankingRules: string[] }).rankingRules.at(-1)).toBe('boost:desc');
    const polls = meili.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/tasks/'));
    expect(polls.length).toBeGreaterThanOrEqual(4);
    await engine.init();
  });

  it('fails loudly when a task fails', async () => {
    meili.failNextTask('/settings', 'Invalid ranking rule');
    await expect(engine.init()).rejects.toThrow(/settings update failed: Invalid ranking rule/);
  });

  it('sends synonym groups as a two-way map', async () => {
    await engine.setSynonyms([['log in', 'sign in', '登录']]);
    expect(meili.writes('/settings/synonyms')[0]!.body).toEqual({
      'log in': ['sign in', '登录'],
      'sign in': ['log in', '登录'],
      登录: ['log in', 'sign in'],
    });
  });

  it('adds, removes and clears documents', async () => {
    const a = doc({ title: 'Modem reboots', boost: 1.2 });
    const b = doc({ title: 'Printer jam \uE000fake\uE001' });
    await engine.index([a, b]);
    const added = meili.writes('/documents')[0]!;
    expect(added.query.get('primaryKey')).toBe('id');
    expect(added.body).toEqual([
      expect.objectContaining({ id: a.id, boost: 1.2, status: 'published' }),
      expect.objectContaining({ title: 'Printer jam fake' }),
    ]);
    await engine.remove([a.id]);
    expect(meili.writes('/documents/delete-batch')[0]!.body).toEqual([a.id]);
    expect((await engine.health()).documents).toBe(1);
    await engine.clear();
    expect((await engine.health()).documents).toBe(0);
  });

  it('translates filters and reads highlights as ranges', async () => {
    await engine.index([doc({ title: 'Router keeps rebooting', body: 'The router reboots at night.' })]);
    const res = await engine.search({
      q: 'router',
      filters: { status: ['published', 'draft'], visibility: ['public'], locale: 'en', product: 'X"200', categoryId: 'c1', kind: 'defect' },
      limit: 3,
    });
    const sent = meili.writes('/search')[0]!.body as Record<string, unknown>;
    expect(sent).toMatchObject({
      q: 'router',
      limit: 3,
      offset: 0,
      matchingStrategy: 'frequency',
      attributesToHighlight: ['title'],
      showRankingScore: true,
    });
    expect(sent.filter).toEqual([
      'status IN ["published", "draft"]',
      'visibility IN ["public"]',
      'product = "X\\"200"',
      'categoryId = "c1"',
      'locale = "en"',
      'kind = "defect"',
    ]);
    expect(res.hits).toHaveLength(1);
    expect(res.hits[0]!.title.text).toBe('Router keeps rebooting');
    expect(marked(res.hits[0]!.title)).toEqual(['Router']);
    expect(marked(res.hits[0]!.snippet)).toEqual(['router']);
  });

  it("keeps the telling words of a long ticket within Meilisearch's ten-word query limit", async () => {
    await engine.search({ q: 'Hi there, please help: since the update my Android app crashes when I open the camera to upload a photo' });
    const q = (meili.writes('/search')[0]!.body as { q: string }).q;
    expect(q.split(' ')).toHaveLength(10);
    expect(q).toContain('crashes');
    expect(q).not.toMatch(/\b(Hi|please|the|my)\b/);
  });

  it('reports an unreachable engine as unavailable', async () => {
    await meili.close();
    await expect(engine.search({ q: 'router' })).rejects.toBeInstanceOf(SearchUnavailableError);
    expect(await engine.health()).toMatchObject({ ok: false, engine: 'meilisearch' });
  });
});
