import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../server/context.ts';
import { kbSynonyms } from '../../server/db/schema/index.ts';
import { notFound } from '../../server/errors.ts';
import { requireRole, type Actor } from '../../server/services/actor.ts';
import { isUuid } from '../../server/services/is-uuid.ts';
import { enqueueSynonyms } from '../indexing/enqueue-index.ts';
import { parseInput } from '../../server/services/parse-input.ts';
import { inTransaction } from '../../server/services/transaction.ts';
import { EDITOR_ROLES, KB_READER_ROLES } from '../roles.ts';

export const synonymInput = z.object({
  terms: z
    .array(z.string().trim().toLowerCase().min(1, 'a term cannot be empty').max(60))
    .min(2, 'a synonym group needs at least two terms')
    .max(20)
    .transform((t) => [...new Set(t)])
    .refine((t) => t.length >= 2, 'a synonym group needs at least two different terms'),
});

type SynonymRow = typeof kbSynonyms.$inferSelect;
export const presentSynonym = (s: SynonymRow) => ({ id: s.id, terms: s.terms, updatedAt: s.updatedAt.toISOString() });

export async function listSynonyms(ctx: ServiceContext, actor: Actor) {
  requireRole(actor, KB_READER_ROLES, 'Reading synonyms');
  return (await ctx.db.select().from(kbSynonyms).orderBy(asc(kbSynonyms.createdAt))).map(presentSynonym);
}

/** Every change re-sends all groups to the engine through the outbox (engines take the full set). */
export async function createSynonym(ctx: ServiceContext, actor: Actor, raw: z.input<typeof synonymInput>) {
  requireRole(actor, EDITOR_ROLES, 'Managing synonyms');
  const { terms } = parseInput(synonymInput, raw, 'synonyms');
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.insert(kbSynonyms).values({ terms }).returning();
    await enqueueSynonyms(tx);
    return presentSynonym(row!);
  });
}

export async function updateSynonym(ctx: ServiceContext, actor: Actor, id: string, raw: z.input<typeof synonymInput>) {
  requireRole(actor, EDITOR_ROLES, 'Managing synonyms');
  const { terms } = parseInput(synonymInput, raw, 'synonyms');
  return inTransaction(ctx, async (tx) => {
    const [row] = isUuid(id)
      ? await tx.update(kbSynonyms).set({ terms, updatedAt: ctx.now() }).where(eq(kbSynonyms.id, id)).returning()
      : [];
    if (!row) throw notFound('Synonym group');
    await enqueueSynonyms(tx);
    return presentSynonym(row);
  });
}

export async function deleteSynonym(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  requireRole(actor, EDITOR_ROLES, 'Managing synonyms');
  await inTransaction(ctx, async (tx) => {
    const [row] = isUuid(id) ? await tx.delete(kbSynonyms).where(eq(kbSynonyms.id, id)).returning() : [];
    if (!row) throw notFound('Synonym group');
    await enqueueSynonyms(tx);
  });
}
