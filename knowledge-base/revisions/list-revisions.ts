import { and, desc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../server/context.ts';
import { kbRevisions } from '../../server/db/schema/index.ts';
import { notFound } from '../../server/errors.ts';
import { requireRole, type Actor } from '../../server/services/actor.ts';
import { loadArticle } from '../articles/load.ts';
import { EDITOR_ROLES } from '../roles.ts';

type RevisionRow = typeof kbRevisions.$inferSelect;

export function presentRevision(r: RevisionRow, withContent = false) {
  return {
    id: r.id,
    articleId: r.articleId,
    number: r.number,
    authorId: r.authorId,
    authorName: r.authorName,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
    ...(withContent ? { content: r.snapshot } : {}),
  };
}

/** Revision history, newest first (editors only: drafts live here). */
export async function listRevisions(ctx: ServiceContext, actor: Actor, articleId: string) {
  requireRole(actor, EDITOR_ROLES, 'Reading revision history');
  await loadArticle(ctx.db, articleId);
  const rows = await ctx.db.select().from(kbRevisions).where(eq(kbRevisions.articleId, articleId)).orderBy(desc(kbRevisions.number));
  return rows.map((r) => presentRevision(r));
}

export async function loadRevision(ctx: ServiceContext, articleId: string, number: number): Promise<RevisionRow> {
  const [row] = await ctx.db
    .select()
    .from(kbRevisions)
    .where(and(eq(kbRevisions.articleId, articleId), eq(kbRevisions.number, number)));
  if (!row) throw notFound(`Revision ${number}`);
  return row;
}

export async function getRevision(ctx: ServiceContext, actor: Actor, articleId: string, number: number) {
  requireRole(actor, EDITOR_ROLES, 'Reading revision history');
  await loadArticle(ctx.db, articleId);
  return presentRevision(await loadRevision(ctx, articleId, number), true);
}
