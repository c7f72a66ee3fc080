import { describe, expect, it } from 'vitest';
import { reindexAll } from '../../knowledge-base/indexing/reindex.ts';
import { createPostgresEngine } from '../../knowledge-base/search/postgres/engine.ts';
import { createSynonym } from '../../knowledge-base/synonyms/synonyms.ts';
import { contextWorld } from '../support/context-world.ts';
import { buildArticle, editorActor } from '../support/kb.ts';

const { t } = contextWorld({}, { reset: false });

describe('kb:reindex', () => {
  it('rebuilds an empty or stale index from the articles, with synonyms, reporting progress', async () => {
    const articles = [];
    for (let i = 0; i < 7; i++) articles.push(await buildArticle(t.ctx, { title: `Thermostat model T${i} loses its schedule` }));
    await createSynonym(t.ctx, editorActor, { terms: ['thermostat', '温控器'] });
    const engine = createPostgresEngine(t.ctx.db);
    await engine.index([
      {
        id: '00000000-0000-4000-8000-000000000001',
        slug: 'stale',
        title: 'Stale thermostat entry',
        symptoms: '',
        body: '',
        kind: 'faq',
        status: 'published',
        visibility: 'public',
        product: null,
        categoryId: null,
        locale: 'en',
        tags: [],
        boost: 1,
        updatedAt: new Date().toISOString(),
      },
    ]);
    const progress: Array<[number, number]> = [];
    const { indexed } = await reindexAll(t.ctx, engine, { batchSize: 3, onProgress: (d, n) => progress.push([d, n]) });
    expect(indexed).toBe(7);
    expect(progress).toEqual([
      [0, 7],
      [3, 7],
      [6, 7],
      [7, 7],
    ]);
    const res = await engine.search({ q: '温控器 schedule', limit: 20 });
    expect(new Set(res.hits.map((h) => h.id))).toEqual(new Set(articles.map((a) => a.id)));
    expect((await engine.health()).documents).toBe(7);
  });
});
