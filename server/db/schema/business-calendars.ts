import { jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.ts';

export type CalendarWeekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
/** Local wall-clock times, 'HH:MM'; end may be '24:00'. */
export interface CalendarShift {
  start: string;
  end: string;
}
export interface CalendarHoliday {
  date: string;
  name?: string;
}

/** Opening hours SLA clocks count in: a time zone, weekly shifts (several per day for split shifts), holidays. */
export const businessCalendars = pgTable(
  'business_calendars',
  {
    id: id(),
    name: text('name').notNull(),
    timeZone: text('time_zone').notNull(),
    weeklyHours: jsonb('weekly_hours').$type<Record<CalendarWeekday, CalendarShift[]>>().notNull(),
    holidays: jsonb('holidays').$type<CalendarHoliday[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('business_calendars_name_key').on(t.name)],
);
