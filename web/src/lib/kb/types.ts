/**
 * Knowledge-base shapes as the server presents them (type-only imports from knowledge-base/: nothing from
 * the server is bundled).
 */
import type { ArticleView } from '../../../../knowledge-base/articles/present.ts';
import type { CategoryView } from '../../../../knowledge-base/categories/present.ts';
import type { DiffPart } from '../../../../knowledge-base/revisions/diff-revisions.ts';
import type { presentRevision } from '../../../../knowledge-base/revisions/list-revisions.ts';
import type { Highlighted } from '../../../../knowledge-base/search/engine.ts';
import type { Suggestion, TicketSuggestions } from '../../../../knowledge-base/suggest/types.ts';
import type { presentSynonym } from '../../../../knowledge-base/synonyms/synonyms.ts';
import type { articleStats } from '../../../../knowledge-base/usage/article-stats.ts';
import type { listTicketArticleLinks } from '../../../../knowledge-base/usage/ticket-links.ts';
import type { KbArticleKind, KbLocale, KbStatus, KbVisibility } from '../../../../server/db/schema/index.ts';

export type { ArticleView, CategoryView, DiffPart, Highlighted, KbArticleKind, KbLocale, KbStatus, KbVisibility, Suggestion, TicketSuggestions };
export type RevisionView = ReturnType<typeof presentRevision>;
export type SynonymView = ReturnType<typeof presentSynonym>;
export type ArticleStats = Awaited<ReturnType<typeof articleStats>>;
export type TicketArticleLinks = Awaited<ReturnType<typeof listTicketArticleLinks>>;
export interface ArticleList {
  articles: ArticleView[];
  total: number;
  limit: number;
  offset: number;
}
export interface RevisionDiff {
  articleId: string;
  from: number;
  to: number;
  changes: Array<{ field: string; parts: DiffPart[] }>;
}

export const kinds: KbArticleKind[] = ['how-to', 'faq', 'defect'];
export const kbStatuses: KbStatus[] = ['draft', 'published', 'archived'];
export const visibilities: KbVisibility[] = ['internal', 'public'];
export const kbLocales: KbLocale[] = ['en', 'zh-CN'];

/** The editable content of an article, as the editor form holds it. */
export interface ArticleDraft {
  kind: KbArticleKind;
  title: string;
  slug: string;
  summary: string;
  body: string;
  symptoms: string;
  product: string;
  affectedVersions: string;
  cause: string;
  workaround: string;
  fixedIn: string;
  tags: string;
  visibility: KbVisibility;
  locale: KbLocale;
  categoryId: string;
}
