import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt } from './columns.ts';
import { users } from './users.ts';

export const customFieldEntities = ['ticket', 'customer'] as const;
export type CustomFieldEntity = (typeof customFieldEntities)[number];

export const customFieldTypes = ['text', 'long_text', 'number', 'decimal', 'date', 'select', 'multi_select', 'checkbox', 'url'] as const;
export type CustomFieldType = (typeof customFieldTypes)[number];

/** One choice of a select or multi-select field: the stored value and its labels. */
export interface CustomFieldOption {
  value: string;
  labels: { en: string; 'zh-CN'?: string };
}

/**
 * An admin-defined field on tickets or customers. Values live in `tickets.custom_fields` /
 * `customers.custom_fields` (jsonb keyed by `key`, GIN-indexed for filters). Deleting archives (values kept).
 */
export const customFields = pgTable(
  'custom_fields',
  {
    id: id(),
    entity: text('entity').$type<CustomFieldEntity>().notNull(),
    key: text('key').notNull(),
    type: text('type').$type<CustomFieldType>().notNull(),
    labels: jsonb('labels').$type<{ en: string; 'zh-CN'?: string }>().notNull(),
    help: jsonb('help').$type<{ en?: string; 'zh-CN'?: string }>().notNull().default({}),
    options: jsonb('options').$type<CustomFieldOption[]>().notNull().default([]),
    requiredToResolve: boolean('required_to_resolve').notNull().default(false),
    /** Asked of the customer (pre-chat form, web form). */
    customerVisible: boolean('customer_visible').notNull().default(false),
    agentEditable: boolean('agent_editable').notNull().default(true),
    position: integer('position').notNull().default(0),
    archivedAt: ts('archived_at'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('custom_fields_entity_key').on(t.entity, t.key), index('custom_fields_position_idx').on(t.entity, t.position)],
);
