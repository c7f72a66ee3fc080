import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt, type ChannelKind } from './columns.ts';

export const customers = pgTable(
  'customers',
  {
    id: id(),
    name: text('name'),
    email: text('email'),
    phone: text('phone'),
    locale: text('locale'),
    tier: text('tier'),
    tags: text('tags').array().notNull().default([]),
    notes: text('notes'),
    /** Set while the customer is blocked: their messages are kept as spam and never routed. */
    blockedAt: ts('blocked_at'),
    blockedByUserId: uuid('blocked_by_user_id'),
    /** Set on a customer merged into another: everything moved there; the row stays so old links resolve. */
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => customers.id, { onDelete: 'set null' }),
    /** Admin-defined fields (custom_fields, entity 'customer'), keyed by the field's key. */
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('customers_email_idx').on(t.email),
    index('customers_custom_fields_idx').using('gin', sql`${t.customFields} jsonb_path_ops`),
  ],
);

/** One row per address a customer is known by on a channel (email address, Telegram user id, widget visitor). */
export const customerIdentities = pgTable(
  'customer_identities',
  {
    id: id(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    channel: text('channel').$type<ChannelKind>().notNull(),
    externalId: text('external_id').notNull(),
    displayName: text('display_name'),
    verified: boolean('verified').notNull().default(false),
    meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('customer_identities_channel_external_key').on(t.channel, t.externalId),
    index('customer_identities_customer_idx').on(t.customerId),
  ],
);
