import { bigint, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt } from './columns.ts';
import { customers } from './customers.ts';
import { inboxes } from './inboxes.ts';

/**
 * A web chat visitor (the id inside the signed visitor token; also the widget conversation's thread key).
 * Created on the visitor's first pre-chat answer or message, not on every page view.
 */
export const widgetVisitors = pgTable(
  'widget_visitors',
  {
    id: uuid('id').primaryKey(),
    inboxId: uuid('inbox_id')
      .notNull()
      .references(() => inboxes.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    /** Pre-chat answers (the customer row may be shared with other channels, so the visitor keeps its own). */
    name: text('name'),
    email: text('email'),
    /** The host site's user id, set only after its HMAC was checked: binds this visitor to that user. */
    verifiedUserId: text('verified_user_id'),
    preChatAt: ts('pre_chat_at'),
    /** Read markers (message ids): the newest customer message an agent has seen, and the reverse. */
    agentReadUpTo: uuid('agent_read_up_to'),
    customerReadUpTo: uuid('customer_read_up_to'),
    meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('widget_visitors_verified_user_key').on(t.inboxId, t.verifiedUserId),
    index('widget_visitors_customer_idx').on(t.customerId),
  ],
);

/** A file a visitor uploaded before sending it; `usedAt` is set when a message took it (at most once). */
export const widgetUploads = pgTable(
  'widget_uploads',
  {
    id: id(),
    inboxId: uuid('inbox_id')
      .notNull()
      .references(() => inboxes.id, { onDelete: 'cascade' }),
    visitorId: uuid('visitor_id').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    storageKey: text('storage_key').notNull(),
    sha256: text('sha256').notNull(),
    messageId: uuid('message_id'),
    usedAt: ts('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('widget_uploads_visitor_idx').on(t.visitorId, t.createdAt)],
);
