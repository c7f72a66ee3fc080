import { describe, it } from 'vitest';
import { createMeilisearchEngine } from '../../../knowledge-base/search/meilisearch/engine.ts';
import { createPostgresEngine } from '../../../knowledge-base/search/postgres/engine.ts';
import { engineContract } from './engine-contract.ts';
import { contextWorld } from '../../support/context-world.ts';

const { t } = contextWorld({}, { reset: false });

engineContract('postgres', async () => createPostgresEngine(t.ctx.db));

const meiliUrl = process.env.MEILI_URL;
if (meiliUrl) {
  const indexUid = `kb_contract_${process.pid}_${Date.now()}`;
  engineContract('meilisearch', async () => {
    const engine = createMeilisearchEngine({ url: meiliUrl, apiKey: process.env.MEILI_KEY, indexUid });
    await engine.init();
    return engine;
  });
} else {
  console.warn(
    '[kb search contract] Meilisearch SKIPPED: MEILI_URL is not set (Postgres engine tested; Meilisearch request shapes are tested against the local stand-in)',
  );
  describe.skip('SearchEngine contract: meilisearch (SKIPPED: MEILI_URL is not set)', () => {
    it('needs a running Meilisearch', () => {});
  });
}
