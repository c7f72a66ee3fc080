import { and, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { csatResponses, ticketRouting, tickets } from '../../db/schema/index.ts';
import { waitingIn } from '../routing/waiting.ts';
import { slaStateWhere, slaStates } from '../sla/sla-state.ts';

const instant = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 time' });
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

/**
 * Filters that reproduce the supervisor dashboard's numbers as ticket lists, each with the same SQL the number
 * came from: a team's queue, an SLA state, and "since" bounds for today's created, answered, resolved and rated.
 */
export const drillFilterFields = {
  /** Waiting in this team's queue (routed, unassigned, new or open). */
  queue: z.uuid({ message: 'expected a team id (uuid)' }).optional(),
  sla: z.enum(slaStates).optional(),
  createdFrom: instant.optional(),
  /** Has had a first response. */
  responded: flag.optional(),
  resolvedFrom: instant.optional(),
  ratedFrom: instant.optional(),
  /** Rated exactly this (1-5); with ratedFrom, a rating given since then. */
  rating: z.coerce.number().int().min(1).max(5).optional(),
};

type DrillFilters = { [K in keyof typeof drillFilterFields]?: z.output<(typeof drillFilterFields)[K]> };

export function drillWhere(f: DrillFilters, now: Date): (SQL | undefined)[] {
  const out: (SQL | undefined)[] = [];
  if (f.queue)
    out.push(and(waitingIn(f.queue), sql`exists (select 1 from ${ticketRouting} where ${ticketRouting.ticketId} = ${tickets.id})`));
  if (f.sla) out.push(sql`${tickets.status} in ('new', 'open', 'pending')`, slaStateWhere(f.sla, now));
  if (f.createdFrom) out.push(sql`${tickets.createdAt} >= ${f.createdFrom}::timestamptz`);
  if (f.responded !== undefined) out.push(f.responded ? isNotNull(tickets.firstResponseAt) : sql`${tickets.firstResponseAt} is null`);
  if (f.resolvedFrom)
    out.push(sql`${tickets.resolvedAt} >= ${f.resolvedFrom}::timestamptz and ${tickets.status} in ('resolved', 'closed')`);
  if (f.ratedFrom || f.rating) {
    const since = f.ratedFrom ? sql` and ${csatResponses.createdAt} >= ${f.ratedFrom}::timestamptz` : sql``;
    const rated = f.rating ? sql` and ${csatResponses.rating} = ${f.rating}` : sql``;
    out.push(sql`exists (select 1 from ${csatResponses} where ${eq(csatResponses.ticketId, tickets.id)}${since}${rated})`);
  }
  return out;
}
