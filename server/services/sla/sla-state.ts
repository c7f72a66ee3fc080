import { sql, type SQL } from 'drizzle-orm';
import { slaClocks, tickets } from '../../db/schema/index.ts';

export const slaStates = ['at_risk', 'breached'] as const;
export type SlaState = (typeof slaStates)[number];

/**
 * The one definition of a ticket's live SLA state, shared by the dashboard and the ticket list's `sla` filter.
 * Breached: a running clock is past due (marked by the scheduler, or due and not yet marked). At risk: a
 * running clock reached its warning share, and no clock is breached. Met, paused or stopped clocks never count.
 */
export function slaStateWhere(state: SlaState, now: Date): SQL {
  const at = now.toISOString();
  const clock = (cond: SQL) => sql`exists (select 1 from ${slaClocks} where ${slaClocks.ticketId} = ${tickets.id}
    and ${slaClocks.state} = 'running' and (${cond}))`;
  const breached = clock(sql`${slaClocks.breachedAt} is not null or ${slaClocks.dueAt} <= ${at}::timestamptz`);
  if (state === 'breached') return breached;
  return sql`(${clock(sql`${slaClocks.warnedAt} is not null or ${slaClocks.warnAt} <= ${at}::timestamptz`)} and not ${breached})`;
}
