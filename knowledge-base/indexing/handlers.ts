import { asc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { kbArticles, kbSynonyms } from '../../server/db/schema/index.ts';
import type { OutboxTopics } from '../../server/services/outbox/enqueue.ts';
import { searchEngine } from '../search/select.ts';
import { toSearchDocument } from './to-document.ts';

/**
 * Outbox handlers. Each reads the current state rather than trusting the payload, so a late or repeated
 * job still leaves the index right; a thrown error (engine down) makes the outbox retry with backoff.
 */
export async function handleKbIndex(ctx: ServiceContext, payload: OutboxTopics['kb.index']): Promise<void> {
  const engine = searchEngine(ctx);
  const [article] = await ctx.db.select().from(kbArticles).where(eq(kbArticles.id, payload.articleId));
  if (article) await engine.index([toSearchDocument(article)]);
  else await engine.remove([payload.articleId]);
}

export async function handleKbSynonyms(ctx: ServiceContext, _payload: OutboxTopics['kb.synonyms']): Promise<void> {
  await searchEngine(ctx).setSynonyms(await synonymGroups(ctx));
}

export async function synonymGroups(ctx: ServiceContext): Promise<string[][]> {
  const rows = await ctx.db.select({ terms: kbSynonyms.terms }).from(kbSynonyms).orderBy(asc(kbSynonyms.createdAt));
  return rows.map((r) => r.terms);
}
