import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt } from './columns.ts';
import { tickets } from './tickets.ts';
import { users } from './users.ts';

export const automationRuleKinds = ['event', 'time'] as const;
export type AutomationRuleKind = (typeof automationRuleKinds)[number];

/**
 * An admin's rule: on an event (or, for time rules, on every sweep) over tickets matching `conditions`, run
 * `actions`. Evaluated in `position` order. Condition and action shapes: server/services/automation/.
 */
export const automationRules = pgTable(
  'automation_rules',
  {
    id: id(),
    name: text('name').notNull(),
    kind: text('kind').$type<AutomationRuleKind>().notNull(),
    /** Event rules: the events that trigger it (ticket.created, message.customer, …); empty for time rules. */
    events: text('events').array().notNull().default([]),
    conditions: jsonb('conditions').$type<Record<string, unknown>>().notNull().default({}),
    actions: jsonb('actions').$type<Record<string, unknown>[]>().notNull().default([]),
    position: integer('position').notNull().default(0),
    enabled: boolean('enabled').notNull().default(true),
    lastFiredAt: ts('last_fired_at'),
    fireCount: bigint('fire_count', { mode: 'number' }).notNull().default(0),
    /** Failures in a row; past the limit the rule is switched off (`disabledReason`) and admins are alerted. */
    failureCount: integer('failure_count').notNull().default(0),
    lastError: text('last_error'),
    disabledReason: text('disabled_reason'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('automation_rules_enabled_idx')
      .on(t.kind, t.position)
      .where(sql`enabled`),
  ],
);

/**
 * One firing of a rule on a ticket. `periodKey` makes it happen once: `event:<ticket_events id>` for event
 * rules, the anchor of the matching period for time rules (e.g. `pending:<when it went pending>`), so a
 * restart or a second node never fires the same rule twice for the same reason.
 */
export const automationFirings = pgTable(
  'automation_firings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => automationRules.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    periodKey: text('period_key').notNull(),
    /** done | failed | skipped (chain too deep) */
    outcome: text('outcome').notNull().default('done'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('automation_firings_once').on(t.ruleId, t.ticketId, t.periodKey),
    index('automation_firings_ticket_idx').on(t.ticketId),
  ],
);

/** Named bundle of actions an agent applies to one or many tickets; personal (owner set) or shared (owner null). */
export const macros = pgTable(
  'macros',
  {
    id: id(),
    name: text('name').notNull(),
    description: text('description'),
    ownerUserId: uuid('owner_user_id').references(() => users.id, { onDelete: 'cascade' }),
    actions: jsonb('actions').$type<Record<string, unknown>[]>().notNull().default([]),
    position: integer('position').notNull().default(0),
    useCount: bigint('use_count', { mode: 'number' }).notNull().default(0),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('macros_owner_idx').on(t.ownerUserId, t.position)],
);
