import { sql, type SQL } from 'drizzle-orm';
import { tickets } from '../../db/schema/index.ts';
import { businessTimeBetween, type BusinessHours } from '../sla/business-time.ts';
import { hourAnchors, type HourAnchor } from './condition-fields.ts';
import { statusChangedAtSql } from './facts.ts';
import { isSubgroup, type Condition, type ConditionGroup } from './schema.ts';

/** The SQL value each "hours since" condition counts from. */
export function anchorSql(anchor: HourAnchor): SQL {
  switch (anchor) {
    case 'status_changed':
      return statusChangedAtSql(tickets.id);
    case 'created':
      return sql`${tickets.createdAt}`;
    case 'customer_message':
      return sql`${tickets.lastCustomerMessageAt}`;
    case 'agent_message':
      return sql`${tickets.lastAgentMessageAt}`;
    case 'resolved':
      return sql`${tickets.resolvedAt}`;
  }
}

export const anchorOfField = (field: string): HourAnchor | null => {
  const a = field.startsWith('hours_since.') ? field.slice('hours_since.'.length) : '';
  return (hourAnchors as readonly string[]).includes(a) ? (a as HourAnchor) : null;
};

/** The top-level "hours since" conditions of a time rule (they define its period). */
export function timeConditions(group: ConditionGroup): Condition[] {
  if (group.match !== 'all') return [];
  return group.conditions.filter((c): c is Condition => !isSubgroup(c) && anchorOfField(c.field) !== null);
}

/**
 * The period a time rule fires in: each anchor it counts from, at its current value. A new status change, a new
 * customer message… starts a new period; the same one never fires twice (automation_firings is unique on it).
 */
export function periodKeySql(group: ConditionGroup): SQL {
  const anchors = [...new Set(timeConditions(group).map((c) => anchorOfField(c.field)!))].sort();
  const parts = anchors.map(
    (a) => sql`${sql.raw(`'${a}@'`)} || coalesce(floor(extract(epoch from ${anchorSql(a)}) * 1000)::bigint::text, '-')`,
  );
  return sql`'time:' || ${sql.join(parts, sql` || ',' || `)}`;
}

const HOUR = 3_600_000;

/**
 * The latest instant from which at least `hours` of (business) time have passed by `now`, or null when none
 * within ten years. Business time between X and now falls as X rises, so a search finds it.
 */
export function cutoffFor(hours: BusinessHours | null, now: Date, wanted: number): Date | null {
  const need = wanted * HOUR;
  if (!hours) return new Date(now.getTime() - need);
  const enough = (x: number) => businessTimeBetween(hours, new Date(x), now) >= need;
  let hi = now.getTime() - need;
  if (enough(hi)) return new Date(hi);
  let span = Math.max(need, 24 * HOUR);
  let lo = hi - span;
  while (!enough(lo)) {
    hi = lo;
    span *= 2;
    lo = hi - span;
    if (now.getTime() - lo > 3650 * 24 * HOUR) return null;
  }
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2);
    if (enough(mid)) lo = mid;
    else hi = mid;
  }
  return new Date(lo);
}
