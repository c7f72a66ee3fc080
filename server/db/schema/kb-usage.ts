import { sql } from 'drizzle-orm';
import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { kbArticles } from './kb-articles.ts';
import { tickets } from './tickets.ts';
import { users } from './users.ts';

export const ticketArticleLinkKinds = ['suggested', 'inserted', 'solved'] as const;
export type TicketArticleLinkKind = (typeof ticketArticleLinkKinds)[number];

/** How an article took part in a ticket: once per (ticket, article, kind), so a repeat never counts twice. */
export const ticketArticleLinks = pgTable(
  'ticket_article_links',
  {
    id: id(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    articleId: uuid('article_id')
      .notNull()
      .references(() => kbArticles.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<TicketArticleLinkKind>().notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('ticket_article_links_key').on(t.ticketId, t.articleId, t.kind),
    index('ticket_article_links_article_idx').on(t.articleId, t.kind),
  ],
);

export const kbDeflectionSources = ['widget', 'help'] as const;
export type KbDeflectionSource = (typeof kbDeflectionSources)[number];

/** A customer said a public article solved their problem before (or instead of) writing in. */
export const kbDeflections = pgTable(
  'kb_deflections',
  {
    id: id(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => kbArticles.id, { onDelete: 'cascade' }),
    source: text('source').$type<KbDeflectionSource>().notNull(),
    query: text('query').notNull().default(''),
    /** Widget visitor id or help-center browser key: one deflection per visitor and article. */
    visitorKey: text('visitor_key'),
    createdAt: createdAt(),
  },
  (t) => [
    index('kb_deflections_article_idx').on(t.articleId, t.createdAt),
    uniqueIndex('kb_deflections_visitor_key')
      .on(t.articleId, t.visitorKey)
      .where(sql`visitor_key is not null`),
  ],
);
