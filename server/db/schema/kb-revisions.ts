import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { kbArticles } from './kb-articles.ts';
import { users } from './users.ts';

/** The content fields a revision freezes; restoring one writes them back as a new revision. */
export interface KbRevisionSnapshot {
  title: string;
  summary: string;
  body: string;
  symptoms: string;
  product: string | null;
  affectedVersions: string[];
  cause: string;
  workaround: string;
  fixedIn: string | null;
  tags: string[];
  kind: string;
  locale: string;
  visibility: string;
  categoryId: string | null;
}

export const kbRevisions = pgTable(
  'kb_revisions',
  {
    id: id(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => kbArticles.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    snapshot: jsonb('snapshot').$type<KbRevisionSnapshot>().notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    /** Kept so history still names the author after the user is deleted. */
    authorName: text('author_name').notNull(),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('kb_revisions_article_number_key').on(t.articleId, t.number), index('kb_revisions_article_idx').on(t.articleId)],
);
