import { customType, index, integer, jsonb, pgTable, real, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';

const tsvector = customType<{ data: string }>({
  dataType() {
    return 'tsvector';
  },
});

/**
 * The Postgres search engine's own index (knowledge-base/search/postgres): written only through the
 * SearchEngine port, so it can lag the articles and be rebuilt like any external index.
 */
export const kbSearchDocs = pgTable(
  'kb_search_docs',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    symptoms: text('symptoms').notNull(),
    body: text('body').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    visibility: text('visibility').notNull(),
    product: text('product'),
    categoryId: uuid('category_id'),
    locale: text('locale').notNull(),
    tags: text('tags').array().notNull(),
    boost: real('boost').notNull().default(1),
    /** title (A), symptoms + tags + product (B), body (C): English stems plus CJK character bigrams. */
    tsv: tsvector('tsv').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('kb_search_docs_tsv_idx').using('gin', t.tsv),
    index('kb_search_docs_filter_idx').on(t.status, t.visibility, t.locale),
    index('kb_search_docs_title_trgm_idx').using('gin', t.title.op('gin_trgm_ops')),
  ],
);

/** Document frequency of each indexed lexeme (IDF weighting; common words count for little). */
export const kbSearchLexemes = pgTable('kb_search_lexemes', {
  lexeme: text('lexeme').primaryKey(),
  df: integer('df').notNull(),
});

/** Surface words seen in indexed text: the vocabulary a misspelt query word is corrected against (pg_trgm). */
export const kbSearchWords = pgTable('kb_search_words', { word: text('word').primaryKey() }, (t) => [
  index('kb_search_words_trgm_idx').using('gin', t.word.op('gin_trgm_ops')),
]);

/** Engine settings (synonym groups) so every app node searches with the same ones. */
export const kbSearchSettings = pgTable('kb_search_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
});
