import type { ServiceContext } from '../../server/context.ts';
import type { SearchEngine } from './engine.ts';
import { createMeilisearchEngine } from './meilisearch/engine.ts';
import { createPostgresEngine } from './postgres/engine.ts';

const engines = new WeakMap<ServiceContext, SearchEngine>();

/**
 * The engine for this context: Meilisearch when MEILI_URL is set, else Postgres in the app's own database.
 * Kept per context (not in ServiceContext) so only knowledge-base code depends on search.
 */
export function searchEngine(ctx: ServiceContext): SearchEngine {
  let engine = engines.get(ctx);
  if (!engine) {
    engine = ctx.config.MEILI_URL
      ? createMeilisearchEngine({ url: ctx.config.MEILI_URL, apiKey: ctx.config.MEILI_KEY })
      : createPostgresEngine(ctx.db);
    engines.set(ctx, engine);
  }
  return engine;
}

/** Tests and tools swap in another engine (a stand-in, one that is down...). */
export function useSearchEngine(ctx: ServiceContext, engine: SearchEngine): void {
  engines.set(ctx, engine);
}
