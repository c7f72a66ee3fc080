import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { createdAt, id, ts, updatedAt, type ChannelKind } from './columns.ts';
import { customers } from './customers.ts';
import { tickets } from './tickets.ts';
import { users } from './users.ts';

/** A customer's satisfaction rating of one resolution of a ticket (a reopened and re-resolved ticket is rated again). */
export const csatResponses = pgTable(
  'csat_responses',
  {
    id: id(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    channel: text('channel').$type<ChannelKind>().notNull(),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    /** The ticket's assignee when the rating came in: whose work it rates ("my CSAT"). */
    agentId: uuid('agent_id').references(() => users.id, { onDelete: 'set null' }),
    rating: integer('rating').notNull(),
    comment: text('comment'),
    /** The resolution being rated: the ticket's resolved_at when the survey was sent. */
    resolvedAt: ts('resolved_at').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('csat_responses_resolution_key').on(t.ticketId, t.resolvedAt),
    index('csat_responses_created_idx').on(t.createdAt),
    index('csat_responses_customer_idx').on(t.customerId, t.createdAt),
    index('csat_responses_agent_idx').on(t.agentId, t.createdAt),
    check('csat_responses_rating_range', sql`${t.rating} between 1 and 5`),
  ],
);
