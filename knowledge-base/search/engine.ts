import type { KbArticleKind, KbLocale, KbStatus, KbVisibility } from '../../server/db/schema/index.ts';

/** What an engine stores for one article: plain text (Markdown already stripped) plus the filterable fields. */
export interface SearchDocument {
  id: string;
  slug: string;
  title: string;
  symptoms: string;
  body: string;
  kind: KbArticleKind;
  status: KbStatus;
  visibility: KbVisibility;
  product: string | null;
  categoryId: string | null;
  locale: KbLocale;
  tags: string[];
  /** Usage-derived ranking multiplier (1 = unproven); see knowledge-base/usage/boost.ts. */
  boost: number;
  updatedAt: string;
}

export interface SearchFilters {
  status?: KbStatus[];
  visibility?: KbVisibility[];
  product?: string;
  categoryId?: string;
  locale?: KbLocale;
  kind?: KbArticleKind;
}

export interface SearchRequest {
  q: string;
  filters?: SearchFilters;
  limit?: number;
  offset?: number;
}

/**
 * Text with the matched words as UTF-16 [start, end) ranges. No markup: a UI wraps each range in
 * <mark> by building text nodes, so article or query text is never interpreted as HTML.
 */
export interface Highlighted {
  text: string;
  ranges: Array<[number, number]>;
}

export interface SearchHit {
  id: string;
  /** Engine-specific; only its order within one response means anything. */
  score: number;
  title: Highlighted;
  /** A short extract of symptoms or body around the best matches. */
  snippet: Highlighted;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Number of matching documents (an estimate on engines that only estimate). */
  total: number;
  tookMs: number;
}

export interface EngineHealth {
  ok: boolean;
  engine: string;
  detail?: string;
  documents?: number;
}

/** The port every knowledge-base search goes through; adapters: postgres (default) and meilisearch. */
export interface SearchEngine {
  readonly name: 'postgres' | 'meilisearch';
  /** Creates the index and applies settings; safe to call on every start. */
  init(): Promise<void>;
  /** Adds or replaces documents by id; resolves once they are searchable. */
  index(docs: SearchDocument[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  /** Empties the index (kb:reindex starts here). */
  clear(): Promise<void>;
  search(req: SearchRequest): Promise<SearchResult>;
  /** Replaces all synonym groups; each group's terms are interchangeable (phrases and Chinese allowed). */
  setSynonyms(groups: string[][]): Promise<void>;
  health(): Promise<EngineHealth>;
}

/** Thrown by adapters when the engine cannot be reached; callers degrade (suggestions say "unavailable"). */
export class SearchUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SearchUnavailableError';
  }
}
