import { pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.ts';

/** One group of interchangeable search terms, e.g. ["log in", "sign in", "登录"]. */
export const kbSynonyms = pgTable('kb_synonyms', {
  id: id(),
  terms: text('terms').array().notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
