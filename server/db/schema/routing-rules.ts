import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt, type ChannelKind } from './columns.ts';
import { tickets, type Priority } from './tickets.ts';
import { users } from './users.ts';

/** Every listed condition must hold; within one list any value matches. An empty rule matches every ticket. */
export interface RoutingConditions {
  channels?: ChannelKind[];
  inboxIds?: string[];
  /** Case-insensitive, in the subject or the first message. */
  keywords?: string[];
  customerTags?: string[];
  customerTiers?: string[];
  /** Language tags; 'de' matches a customer locale 'de-AT'. */
  languages?: string[];
}

export interface RoutingActions {
  teamId?: string;
  priority?: Priority;
  tags?: string[];
  /** Only agents holding every one of these skills are offered the ticket. */
  skills?: string[];
}

/** Ordered rules: the first enabled rule whose conditions hold decides team, priority, tags and skills. */
export const routingRules = pgTable(
  'routing_rules',
  {
    id: id(),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    conditions: jsonb('conditions').$type<RoutingConditions>().notNull().default({}),
    actions: jsonb('actions').$type<RoutingActions>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('routing_rules_position_idx').on(t.position)],
);

/**
 * A ticket's place in its team's queue. The row appears once routing has run; while the ticket is unassigned
 * in a team it waits ordered by priority, then `queuedAt`.
 */
export const ticketRouting = pgTable(
  'ticket_routing',
  {
    ticketId: uuid('ticket_id')
      .primaryKey()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    ruleId: uuid('rule_id').references(() => routingRules.id, { onDelete: 'set null' }),
    skills: text('skills').array().notNull().default([]),
    queuedAt: ts('queued_at').notNull(),
    routedAt: ts('routed_at').notNull(),
  },
  (t) => [index('ticket_routing_queued_idx').on(t.queuedAt)],
);

/** When routing last gave an agent a ticket: ties in load go to whoever has waited longest. */
export const agentRouting = pgTable('agent_routing', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  lastAssignedAt: ts('last_assigned_at')
    .notNull()
    .default(sql`now()`),
});
