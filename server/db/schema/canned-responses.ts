import { sql } from 'drizzle-orm';
import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.ts';
import { users } from './users.ts';

export const cannedScopes = ['personal', 'shared'] as const;
export type CannedScope = (typeof cannedScopes)[number];

/** Reusable replies: personal ones belong to one agent, shared ones to everyone (managed by supervisors). */
export const cannedResponses = pgTable(
  'canned_responses',
  {
    id: id(),
    scope: text('scope').$type<CannedScope>().notNull(),
    /** The agent a personal response belongs to; null for shared ones. */
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'cascade' }),
    createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    /** What the agent types after "/" in the composer. */
    shortcut: text('shortcut').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('canned_responses_shared_shortcut_key')
      .on(t.shortcut)
      .where(sql`scope = 'shared'`),
    uniqueIndex('canned_responses_personal_shortcut_key')
      .on(t.ownerId, t.shortcut)
      .where(sql`scope = 'personal'`),
    index('canned_responses_owner_idx').on(t.ownerId),
  ],
);
