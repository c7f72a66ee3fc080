import { eq } from 'drizzle-orm';
import type { Tx } from '../../server/db/client.ts';
import { kbArticles } from '../../server/db/schema/index.ts';

/** A URL slug from a title; titles without Latin letters (Chinese) fall back to "article". */
export function slugify(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return base || 'article';
}

/** The wanted slug if free, else the slug with a short suffix taken from the article id. */
export async function uniqueSlug(tx: Tx, wanted: string, articleId: string): Promise<string> {
  const [taken] = await tx.select({ id: kbArticles.id }).from(kbArticles).where(eq(kbArticles.slug, wanted));
  if (!taken || taken.id === articleId) return wanted;
  return `${wanted}-${articleId.slice(0, 8)}`;
}
