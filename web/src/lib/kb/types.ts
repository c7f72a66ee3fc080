/** Knowledge-base shapes as the server's route schemas describe them (generated types, see api.ts). */
import { locales } from '../../../../server/locale/index.ts';
import type { ApiData, Schema } from '../api.ts';

export type ArticleView = Schema<'Article'>;
export type CategoryView = Schema<'Category'>;
export type RevisionView = Schema<'Revision'>;
export type RevisionDiff = Schema<'RevisionDiff'>;
export type DiffPart = RevisionDiff['changes'][number]['parts'][number];
export type Highlighted = Schema<'Highlighted'>;
export type TicketSuggestions = Schema<'TicketSuggestions'>;
export type Suggestion = TicketSuggestions['suggestions'][number];
export type SynonymView = Schema<'SynonymGroup'>;
export type ArticleStats = ApiData<'get', '/kb/articles/{id}/stats'>;
export type TicketArticleLinks = Schema<'TicketArticleLinks'>;
export type ArticleList = ApiData<'get', '/kb/articles'>;
export type KbArticleKind = ArticleView['kind'];
export type KbLocale = ArticleView['locale'];
export type KbStatus = ArticleView['status'];
export type KbVisibility = ArticleView['visibility'];

export const kinds: KbArticleKind[] = ['how-to', 'faq', 'defect'];
export const kbStatuses: KbStatus[] = ['draft', 'published', 'archived'];
export const visibilities: KbVisibility[] = ['internal', 'public'];
export const kbLocales: readonly KbLocale[] = locales;

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
