import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../server/context.ts';
import type { Tx } from '../../server/db/client.ts';
import { kbArticles, kbCategories } from '../../server/db/schema/index.ts';
import { conflict, notFound } from '../../server/errors.ts';
import { invalidInput } from '../../server/invalid-input.ts';
import { requireRole, type Actor } from '../../server/services/actor.ts';
import { isUuid } from '../../server/services/is-uuid.ts';
import { parseInput } from '../../server/services/parse-input.ts';
import { inTransaction } from '../../server/services/transaction.ts';
import { slugify } from '../articles/slug.ts';
import { EDITOR_ROLES } from '../roles.ts';
import { presentCategory } from './present.ts';
import { categoryInput, categoryUpdate } from './schemas.ts';

export async function createCategory(ctx: ServiceContext, actor: Actor, raw: z.input<typeof categoryInput>) {
  requireRole(actor, EDITOR_ROLES, 'Managing categories');
  const input = parseInput(categoryInput, raw, 'category');
  return inTransaction(ctx, async (tx) => {
    if (input.parentId) await load(tx, input.parentId, 'parentId');
    const slug = input.slug ?? slugify(input.name);
    await assertSlugFree(tx, slug, null);
    const [row] = await tx
      .insert(kbCategories)
      .values({ ...input, slug })
      .returning();
    return presentCategory(row!);
  });
}

export async function updateCategory(ctx: ServiceContext, actor: Actor, id: string, raw: z.input<typeof categoryUpdate>) {
  requireRole(actor, EDITOR_ROLES, 'Managing categories');
  const input = parseInput(categoryUpdate, raw, 'category');
  return inTransaction(ctx, async (tx) => {
    await load(tx, id);
    if (input.parentId) await assertNoCycle(tx, id, input.parentId);
    if (input.slug) await assertSlugFree(tx, input.slug, id);
    const [row] = await tx
      .update(kbCategories)
      .set({ ...input, updatedAt: ctx.now() })
      .where(eq(kbCategories.id, id))
      .returning();
    return presentCategory(row!);
  });
}

/** Only an empty category goes: articles and sub-categories must be moved first. */
export async function deleteCategory(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  requireRole(actor, EDITOR_ROLES, 'Managing categories');
  await inTransaction(ctx, async (tx) => {
    await load(tx, id);
    const [child] = await tx.select({ id: kbCategories.id }).from(kbCategories).where(eq(kbCategories.parentId, id)).limit(1);
    const [article] = await tx.select({ id: kbArticles.id }).from(kbArticles).where(eq(kbArticles.categoryId, id)).limit(1);
    if (child || article) throw conflict('Category is not empty: move its articles and sub-categories first');
    await tx.delete(kbCategories).where(eq(kbCategories.id, id));
  });
}

async function load(tx: Tx, id: string, field?: string) {
  const [row] = isUuid(id) ? await tx.select().from(kbCategories).where(eq(kbCategories.id, id)) : [];
  if (!row)
    throw field
      ? invalidInput('category', [{ path: field, message: 'no such category', code: 'unknown_reference' }])
      : notFound('Category');
  return row;
}

async function assertSlugFree(tx: Tx, slug: string, selfId: string | null) {
  const [row] = await tx.select({ id: kbCategories.id }).from(kbCategories).where(eq(kbCategories.slug, slug));
  if (row && row.id !== selfId) throw conflict(`Category slug "${slug}" is taken`, [{ path: 'slug', message: 'taken' }]);
}

/** Walks up from the new parent: reaching the category itself would make a loop. */
async function assertNoCycle(tx: Tx, id: string, parentId: string) {
  let cursor: string | null = parentId;
  for (let depth = 0; cursor && depth < 100; depth++) {
    if (cursor === id)
      throw invalidInput('category', [{ path: 'parentId', message: 'a category cannot sit inside itself', code: 'cycle' }]);
    cursor = (await load(tx, cursor, 'parentId')).parentId;
  }
}
