import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt, type ChannelKind } from './columns.ts';
import { customers } from './customers.ts';
import { inboxes } from './inboxes.ts';
import { teams } from './teams.ts';
import { users } from './users.ts';

export const ticketStatuses = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export const priorities = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof priorities)[number];

type SortColumns = Record<'lastCustomerMessageAt' | 'lastAgentMessageAt' | 'createdAt' | 'priority', AnyPgColumn>;

/**
 * The inbox's waiting and priority sort keys, written once so the list's ORDER BY and the indexes below are the
 * same expressions (PostgreSQL uses an expression index only for an identical expression).
 */
export const ticketSortExprs = (t: SortColumns) => ({
  waitingSince: sql`coalesce(${t.lastCustomerMessageAt}, ${t.createdAt})`,
  /** 0 while the customer's last message has no agent answer after it. */
  unanswered: sql`case when ${t.lastCustomerMessageAt} is not null
  and (${t.lastAgentMessageAt} is null or ${t.lastAgentMessageAt} < ${t.lastCustomerMessageAt}) then 0 else 1 end`,
  priorityRank: sql`case ${t.priority} when 'urgent' then 3 when 'high' then 2 when 'normal' then 1 else 0 end`,
});

export const tickets = pgTable(
  'tickets',
  {
    id: id(),
    number: bigint('number', { mode: 'number' }).generatedAlwaysAsIdentity({ startWith: 1000 }).notNull(),
    subject: text('subject').notNull().default(''),
    status: text('status').$type<TicketStatus>().notNull().default('new'),
    priority: text('priority').$type<Priority>().notNull().default('normal'),
    channel: text('channel').$type<ChannelKind>().notNull(),
    inboxId: uuid('inbox_id').references(() => inboxes.id, { onDelete: 'set null' }),
    /** The channel's conversation key (email root Message-ID, Telegram chat id, widget visitor id). */
    threadKey: text('thread_key').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    escalationLevel: integer('escalation_level').notNull().default(0),
    escalationReason: text('escalation_reason'),
    tags: text('tags').array().notNull().default([]),
    firstResponseDueAt: ts('first_response_due_at'),
    nextResponseDueAt: ts('next_response_due_at'),
    resolutionDueAt: ts('resolution_due_at'),
    firstResponseAt: ts('first_response_at'),
    lastCustomerMessageAt: ts('last_customer_message_at'),
    lastAgentMessageAt: ts('last_agent_message_at'),
    lastMessageAt: ts('last_message_at').notNull().defaultNow(),
    resolvedAt: ts('resolved_at'),
    closedAt: ts('closed_at'),
    /** While set and in the future the ticket is snoozed (status pending); the scheduler reopens it when due. */
    snoozedUntil: ts('snoozed_until'),
    /** A blocked customer's conversation: kept, never routed, shown only under Spam. */
    spam: boolean('spam').notNull().default(false),
    /** Set on a ticket merged into another (closed): the surviving ticket. */
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => tickets.id, { onDelete: 'set null' }),
    /** Admin-defined fields (custom_fields, entity 'ticket'), keyed by the field's key; GIN-indexed for filters. */
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('tickets_number_key').on(t.number),
    // At most one live (not closed) ticket per conversation: the safety net under ingest's thread lock.
    uniqueIndex('tickets_live_thread_key')
      .on(t.channel, t.threadKey)
      .where(sql`status <> 'closed'`),
    index('tickets_status_idx').on(t.status, t.lastMessageAt),
    index('tickets_assignee_idx').on(t.assigneeId, t.status),
    index('tickets_team_idx').on(t.teamId, t.status),
    index('tickets_customer_idx').on(t.customerId),
    index('tickets_updated_idx').on(t.updatedAt),
    index('tickets_snoozed_idx')
      .on(t.snoozedUntil)
      .where(sql`snoozed_until is not null`),
    index('tickets_subject_trgm_idx').using('gin', sql`${t.subject} gin_trgm_ops`),
    // fastupdate off: a filter reads the tree only, never a pending list of up to 4 MB that every ticket update fills
    // (scanning it cost a rare or absent value ~40 ms at 100,000 tickets); each update pays a few small inserts instead.
    index('tickets_custom_fields_idx')
      .using('gin', sql`${t.customFields} jsonb_path_ops`)
      .with({ fastupdate: false }),
    // A filtered inbox sorted by waiting time or priority reads its first page in order instead of sorting every match.
    index('tickets_waiting_sort_idx').on(sql`(${ticketSortExprs(t).unanswered})`, ticketSortExprs(t).waitingSince, t.id),
    index('tickets_priority_sort_idx').on(sql`(${ticketSortExprs(t).priorityRank}) desc`, ticketSortExprs(t).waitingSince, t.id),
  ],
);
