import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { businessCalendars } from './business-calendars.ts';
import { createdAt, id, ts, updatedAt } from './columns.ts';
import { teams } from './teams.ts';
import { tickets, type Priority } from './tickets.ts';

export const slaMetrics = ['first_response', 'next_response', 'resolution'] as const;
export type SlaMetric = (typeof slaMetrics)[number];
export const breachActions = ['escalation_team', 'supervisor_alert'] as const;
export type BreachAction = (typeof breachActions)[number];

/** Minutes of business time per metric and priority; a missing entry has no target. */
export interface SlaTarget {
  firstResponse?: number;
  nextResponse?: number;
  resolution?: number;
}
export type SlaTargets = Partial<Record<Priority, SlaTarget>>;

/** The promise per priority. A team's own policy wins; the one policy without a team is the default. */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: id(),
    name: text('name').notNull(),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    calendarId: uuid('calendar_id').references(() => businessCalendars.id, { onDelete: 'restrict' }),
    targets: jsonb('targets').$type<SlaTargets>().notNull(),
    /** The assignee is warned when this share (percent) of a target has run. */
    warnAtPercent: integer('warn_at_percent').notNull().default(80),
    breachAction: text('breach_action').$type<BreachAction>().notNull().default('supervisor_alert'),
    raisePriority: boolean('raise_priority').notNull().default(true),
    notifyEmail: boolean('notify_email').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique('sla_policies_name_key').on(t.name), unique('sla_policies_team_key').on(t.teamId).nullsNotDistinct()],
);

export const clockStates = ['running', 'paused', 'met', 'stopped'] as const;
export type ClockState = (typeof clockStates)[number];

/**
 * One SLA clock per ticket and metric, counting business time. `consumedMs` is what ran before `resumedAt`;
 * warnedAt/breachedAt mark the current cycle's alerts so each fires once (a new next-response cycle clears them).
 */
export const slaClocks = pgTable(
  'sla_clocks',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    metric: text('metric').$type<SlaMetric>().notNull(),
    policyId: uuid('policy_id').references(() => slaPolicies.id, { onDelete: 'set null' }),
    state: text('state').$type<ClockState>().notNull(),
    targetMs: bigint('target_ms', { mode: 'number' }).notNull(),
    warnMs: bigint('warn_ms', { mode: 'number' }).notNull(),
    consumedMs: bigint('consumed_ms', { mode: 'number' }).notNull().default(0),
    cycleStartedAt: ts('cycle_started_at').notNull(),
    resumedAt: ts('resumed_at'),
    warnAt: ts('warn_at'),
    dueAt: ts('due_at'),
    warnedAt: ts('warned_at'),
    breachedAt: ts('breached_at'),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.metric] }),
    index('sla_clocks_due_idx')
      .on(t.dueAt)
      .where(sql`state = 'running' and breached_at is null`),
    index('sla_clocks_warn_idx')
      .on(t.warnAt)
      .where(sql`state = 'running' and warned_at is null`),
    index('sla_clocks_policy_idx').on(t.policyId),
  ],
);
