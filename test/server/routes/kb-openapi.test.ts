import { expect, it } from 'vitest';
import { contextWorld } from '../../support/context-world.ts';
import { buildApp } from '../../support/http.ts';

const { t } = contextWorld({}, { reset: false });

it('documents the knowledge-base routes in the OpenAPI document', async () => {
  const res = await buildApp(t.ctx).request('/api/openapi.json');
  expect(res.status).toBe(200);
  const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
  for (const p of [
    '/kb/articles',
    '/kb/articles/{id}/revisions',
    '/kb/search',
    '/kb/synonyms',
    '/kb/categories',
    '/tickets/{id}/suggestions',
    '/public/kb/search',
    '/public/kb/articles/{idOrSlug}',
  ]) {
    expect(doc.paths[p], p).toBeDefined();
  }
});
