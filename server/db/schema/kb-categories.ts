import { type AnyPgColumn, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { locales, type Locale } from '../../locale/locales.ts';
import { createdAt, id, updatedAt } from './columns.ts';

/** The knowledge base is written in the languages the product speaks. */
export const kbLocales = locales;
export type KbLocale = Locale;

/** The category tree of the knowledge base; a parent cannot be deleted while it has children or articles. */
export const kbCategories = pgTable(
  'kb_categories',
  {
    id: id(),
    parentId: uuid('parent_id').references((): AnyPgColumn => kbCategories.id, { onDelete: 'restrict' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    /** Names in other locales, e.g. `{ "zh-CN": "账户" }`; `name` is the fallback. */
    localizedNames: jsonb('localized_names').$type<Partial<Record<KbLocale, string>>>().notNull().default({}),
    description: text('description').notNull().default(''),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('kb_categories_slug_key').on(t.slug), index('kb_categories_parent_idx').on(t.parentId, t.position)],
);
