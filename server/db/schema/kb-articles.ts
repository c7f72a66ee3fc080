import { index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt } from './columns.ts';
import { kbCategories, type KbLocale } from './kb-categories.ts';
import { users } from './users.ts';

export const kbArticleKinds = ['how-to', 'faq', 'defect'] as const;
export type KbArticleKind = (typeof kbArticleKinds)[number];
export const kbVisibilities = ['internal', 'public'] as const;
export type KbVisibility = (typeof kbVisibilities)[number];
export const kbStatuses = ['draft', 'published', 'archived'] as const;
export type KbStatus = (typeof kbStatuses)[number];

/** Solutions and known defects. Content edits bump `version` and write a kb_revisions row in the same transaction. */
export const kbArticles = pgTable(
  'kb_articles',
  {
    id: id(),
    slug: text('slug').notNull(),
    locale: text('locale').$type<KbLocale>().notNull().default('en'),
    kind: text('kind').$type<KbArticleKind>().notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    /** Markdown; rendered to sanitised HTML only when presented. */
    body: text('body').notNull().default(''),
    // Known-defect fields (empty for how-to and FAQ articles).
    symptoms: text('symptoms').notNull().default(''),
    product: text('product'),
    affectedVersions: text('affected_versions').array().notNull().default([]),
    cause: text('cause').notNull().default(''),
    workaround: text('workaround').notNull().default(''),
    fixedIn: text('fixed_in'),
    tags: text('tags').array().notNull().default([]),
    visibility: text('visibility').$type<KbVisibility>().notNull().default('internal'),
    status: text('status').$type<KbStatus>().notNull().default('draft'),
    categoryId: uuid('category_id').references(() => kbCategories.id, { onDelete: 'restrict' }),
    version: integer('version').notNull().default(1),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    updatedById: uuid('updated_by_id').references(() => users.id, { onDelete: 'set null' }),
    // Usage counters, kept in step with ticket_article_links and kb_deflections; they feed ranking.
    suggestedCount: integer('suggested_count').notNull().default(0),
    insertedCount: integer('inserted_count').notNull().default(0),
    solvedCount: integer('solved_count').notNull().default(0),
    deflectionCount: integer('deflection_count').notNull().default(0),
    viewCount: integer('view_count').notNull().default(0),
    publishedAt: ts('published_at'),
    archivedAt: ts('archived_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('kb_articles_slug_key').on(t.slug),
    index('kb_articles_status_idx').on(t.status, t.visibility, t.locale),
    index('kb_articles_category_idx').on(t.categoryId),
    index('kb_articles_updated_idx').on(t.updatedAt),
  ],
);
