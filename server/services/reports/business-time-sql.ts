import { sql, type SQL } from 'drizzle-orm';

/**
 * Business-hours arithmetic in SQL, so medians and p90 of business time are computed by the database.
 * It mirrors server/services/sla/business-time.ts (the SLA engine's JS version): the calendar is that of the
 * SLA policy covering the ticket's team (the team's own policy, else the default), a policy without a
 * calendar counts around the clock, shifts are local 'HH:MM' (end may be '24:00'), holidays are closed days.
 * A local time inside a DST gap moves forward by the gap in both versions.
 */

/** Lateral join giving the ticket (alias `t`) its calendar as `cal` (all columns null: around the clock). */
export const calendarJoin = sql`
  left join lateral (
    select c.time_zone, c.weekly_hours, c.holidays
    from sla_policies p left join business_calendars c on c.id = p.calendar_id
    where p.team_id = t.team_id or p.team_id is null
    order by p.team_id is null
    limit 1
  ) cal on true`;

const weekdayKeys = sql.raw(`(array['mon','tue','wed','thu','fri','sat','sun'])`);

/** Seconds of business time between two timestamptz expressions under `cal` (0 when `to` is not after `from`). */
export function businessSeconds(from: SQL, to: SQL): SQL {
  return sql`(case
    when cal.time_zone is null then greatest(0, extract(epoch from (${to}) - (${from})))::float8
    else (
      select coalesce(sum(greatest(0, extract(epoch from least(o.close_at, ${to}) - greatest(o.open_at, ${from})))), 0)::float8
      from generate_series((${from} at time zone cal.time_zone)::date, (${to} at time zone cal.time_zone)::date, interval '1 day') d(day)
      cross join lateral jsonb_array_elements(coalesce(cal.weekly_hours -> ${weekdayKeys}[extract(isodow from d.day)::int], '[]'::jsonb)) sh(v)
      cross join lateral (
        select (d.day::date + (sh.v ->> 'start')::time) at time zone cal.time_zone as open_at,
               (d.day::date + (sh.v ->> 'end')::time) at time zone cal.time_zone as close_at
      ) o
      where not (cal.holidays @> jsonb_build_array(jsonb_build_object('date', to_char(d.day, 'YYYY-MM-DD'))))
    ) end)`;
}

/** Wall-clock seconds between two timestamptz expressions (never negative). */
export const wallSeconds = (from: SQL, to: SQL): SQL => sql`greatest(0, extract(epoch from (${to}) - (${from})))::float8`;
