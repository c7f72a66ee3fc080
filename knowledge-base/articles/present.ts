import type { kbArticles } from '../../server/db/schema/index.ts';
import { renderMarkdown } from './markdown.ts';

type ArticleRow = typeof kbArticles.$inferSelect;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** What agents and editors see of an article. */
export function presentArticle(a: ArticleRow) {
  return {
    ...presentPublicArticle(a),
    visibility: a.visibility,
    status: a.status,
    version: a.version,
    authorId: a.authorId,
    updatedById: a.updatedById,
    stats: {
      suggested: a.suggestedCount,
      inserted: a.insertedCount,
      solved: a.solvedCount,
      deflections: a.deflectionCount,
      views: a.viewCount,
    },
    archivedAt: iso(a.archivedAt),
    createdAt: a.createdAt.toISOString(),
  };
}
export type ArticleView = ReturnType<typeof presentArticle>;

/** What the help center and the widget see: content only, Markdown also as sanitised HTML. */
export function presentPublicArticle(a: ArticleRow) {
  return {
    id: a.id,
    slug: a.slug,
    locale: a.locale,
    kind: a.kind,
    title: a.title,
    summary: a.summary,
    body: a.body,
    bodyHtml: renderMarkdown(a.body),
    symptoms: a.symptoms,
    product: a.product,
    affectedVersions: a.affectedVersions,
    cause: a.cause,
    workaround: a.workaround,
    fixedIn: a.fixedIn,
    tags: a.tags,
    categoryId: a.categoryId,
    publishedAt: iso(a.publishedAt),
    updatedAt: a.updatedAt.toISOString(),
  };
}
export type PublicArticleView = ReturnType<typeof presentPublicArticle>;
