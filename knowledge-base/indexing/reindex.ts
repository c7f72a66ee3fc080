import { asc, count, gt } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { kbArticles } from '../../server/db/schema/index.ts';
import type { SearchEngine } from '../search/engine.ts';
import { synonymGroups } from './handlers.ts';
import { toSearchDocument } from './to-document.ts';

export interface ReindexOptions {
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Rebuilds the engine's index from the articles table: settings, then every article in id order, then
 * synonyms. Searches in the meantime see a partial index; edits made meanwhile still reach it through the outbox.
 */
export async function reindexAll(ctx: ServiceContext, engine: SearchEngine, opts: ReindexOptions = {}): Promise<{ indexed: number }> {
  const batchSize = opts.batchSize ?? 500;
  await engine.init();
  await engine.clear();
  const [{ n: total } = { n: 0 }] = await ctx.db.select({ n: count() }).from(kbArticles);
  let done = 0;
  let after: string | undefined;
  opts.onProgress?.(0, total);
  for (;;) {
    const batch = await ctx.db
      .select()
      .from(kbArticles)
      .where(after ? gt(kbArticles.id, after) : undefined)
      .orderBy(asc(kbArticles.id))
      .limit(batchSize);
    if (!batch.length) break;
    await engine.index(batch.map(toSearchDocument));
    done += batch.length;
    after = batch[batch.length - 1]!.id;
    opts.onProgress?.(Math.min(done, Math.max(total, done)), Math.max(total, done));
  }
  await engine.setSynonyms(await synonymGroups(ctx));
  return { indexed: done };
}
