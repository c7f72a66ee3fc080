import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, type ChannelKind } from './columns.ts';
import { customers } from './customers.ts';
import { tickets } from './tickets.ts';
import { users } from './users.ts';

export const messageDirections = ['in', 'out', 'note'] as const;
export type MessageDirection = (typeof messageDirections)[number];
export const deliveryStatuses = ['received', 'queued', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const messages = pgTable(
  'messages',
  {
    id: id(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    direction: text('direction').$type<MessageDirection>().notNull(),
    channel: text('channel').$type<ChannelKind>().notNull(),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    /** The channel's own id (email Message-ID, `chat:message` on Telegram, widget client id); unique per channel. */
    channelMessageId: text('channel_message_id'),
    inReplyTo: text('in_reply_to'),
    text: text('text').notNull().default(''),
    /** Already sanitized; never customer-supplied raw HTML. */
    html: text('html'),
    deliveryStatus: text('delivery_status').$type<DeliveryStatus>().notNull(),
    deliveryError: text('delivery_error'),
    deliveryAttempts: integer('delivery_attempts').notNull().default(0),
    /** An outbound message waiting for another try after a failure ('queued' meanwhile): when it is due. */
    nextAttemptAt: ts('next_attempt_at'),
    /** Set right before a send is handed to the channel, cleared when its outcome is recorded: still set means unknown. */
    deliveryStartedAt: ts('delivery_started_at'),
    meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default({}),
    receivedAt: ts('received_at'),
    sentAt: ts('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('messages_channel_message_key').on(t.channel, t.channelMessageId),
    index('messages_ticket_idx').on(t.ticketId, t.createdAt),
    // Global search matches any word of any message (Chinese included) with ILIKE; trigrams keep it indexed.
    index('messages_text_trgm_idx').using('gin', sql`${t.text} gin_trgm_ops`),
  ],
);

export const attachments = pgTable(
  'attachments',
  {
    id: id(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** Path relative to DATA_DIR/attachments, named by content hash so the original name never touches the filesystem. */
    storageKey: text('storage_key').notNull(),
    sha256: text('sha256').notNull(),
    contentId: text('content_id'),
    inline: boolean('inline').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('attachments_message_idx').on(t.messageId)],
);
