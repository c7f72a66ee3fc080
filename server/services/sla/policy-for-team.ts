import { eq, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { businessCalendars, slaPolicies, type Priority } from '../../db/schema/index.ts';
import type { Hours } from './business-time.ts';
import { toBusinessHours } from './calendar-input.ts';
import type { PolicyTerms } from './clock-plan.ts';

export type PolicyRow = typeof slaPolicies.$inferSelect;

/** The team's own policy, else the default one (no team), with its opening hours; null when neither exists. */
export async function policyForTeam(db: DbOrTx, teamId: string | null): Promise<{ policy: PolicyRow; hours: Hours } | null> {
  const rows = await db
    .select({ policy: slaPolicies, calendar: businessCalendars })
    .from(slaPolicies)
    .leftJoin(businessCalendars, eq(businessCalendars.id, slaPolicies.calendarId))
    .where(teamId ? or(eq(slaPolicies.teamId, teamId), isNull(slaPolicies.teamId)) : isNull(slaPolicies.teamId));
  const row = rows.find((r) => teamId && r.policy.teamId === teamId) ?? rows.find((r) => r.policy.teamId === null);
  if (!row) return null;
  return { policy: row.policy, hours: row.calendar ? toBusinessHours(row.calendar) : null };
}

export function termsFor(found: { policy: PolicyRow; hours: Hours } | null, priority: Priority): PolicyTerms | null {
  if (!found) return null;
  const { policy, hours } = found;
  return { id: policy.id, target: policy.targets[priority] ?? {}, warnAtPercent: policy.warnAtPercent, hours };
}
