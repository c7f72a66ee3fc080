import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../server/context.ts';
import { kbArticles, kbDeflectionSources, kbDeflections } from '../../server/db/schema/index.ts';
import { enforceRateLimit, hitRateLimit } from '../../server/services/auth/rate-limit.ts';
import { parseInput } from '../../server/services/parse-input.ts';
import { inTransaction } from '../../server/services/transaction.ts';
import { loadPublicArticle } from '../public/public-article.ts';

export const deflectionInput = z.object({
  source: z.enum(kbDeflectionSources),
  query: z.string().trim().max(500).default(''),
  /** The widget's visitor id or a help-center browser key; one deflection per visitor and article. */
  visitorKey: z.string().trim().min(8, 'visitorKey must be at least 8 characters').max(100),
});

const PER_IP_PER_HOUR = 30;

/**
 * "This solved it" from a customer: counted once per visitor, only for published public articles. Anyone
 * may call it, so each address gets a budget: the counts feed ranking and editors' stats.
 */
export async function recordDeflection(
  ctx: ServiceContext,
  articleId: string,
  raw: z.input<typeof deflectionInput>,
  origin: { ip: string | null },
) {
  const input = parseInput(deflectionInput, raw, 'deflection');
  const now = ctx.now();
  if (origin.ip) enforceRateLimit([await hitRateLimit(ctx.db, `kb-deflect:${origin.ip}`, 3_600_000, now)], PER_IP_PER_HOUR, now, 'answers');
  return inTransaction(ctx, async (tx) => {
    const article = await loadPublicArticle(tx, articleId);
    const inserted = await tx
      .insert(kbDeflections)
      .values({ articleId: article.id, source: input.source, query: input.query, visitorKey: input.visitorKey, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: kbDeflections.id });
    if (inserted.length) {
      await tx
        .update(kbArticles)
        .set({ deflectionCount: sql`${kbArticles.deflectionCount} + 1` })
        .where(eq(kbArticles.id, article.id));
    }
    return { articleId: article.id, recorded: inserted.length > 0 };
  });
}
