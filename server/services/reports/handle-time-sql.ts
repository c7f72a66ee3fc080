import { sql } from 'drizzle-orm';

/**
 * Handle time of a ticket (alias `t`), in seconds. The data has no record of when an agent was actually
 * typing, so handle time is the time the ticket spent with an agent and waiting on the team: the sum of the
 * intervals in status `new` or `open` (from ticket_events), counted from its first assignment to an agent
 * (or its creation if it was never assigned), until it was resolved or closed. Time pending on the
 * customer and time resolved before a reopen are excluded. Only meaningful for resolved/closed tickets.
 * Taking an unassigned ticket by resolving it is no first assignment: it would make the handle time zero.
 */
export const handleSeconds = sql`(
  select coalesce(sum(greatest(0, extract(epoch from s.ended - greatest(s.started, coalesce(fa.at, t.created_at))))), 0)::float8
  from (
    select e.to_value as status, e.created_at as started, lead(e.created_at) over (order by e.created_at, e.id) as ended
    from ticket_events e
    where e.ticket_id = t.id and e.kind in ('created', 'status_changed', 'reopened')
  ) s,
  lateral (
    select min(a.created_at) as at from ticket_events a
    where a.ticket_id = t.id
      and ((a.kind = 'assigned' and a.to_value is not null and a.data ->> 'action' is distinct from 'resolve') or (a.kind = 'transferred' and a.data ->> 'toAssigneeId' is not null))
  ) fa
  where s.status in ('new', 'open') and s.ended is not null
)`;
