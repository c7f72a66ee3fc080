import { z } from 'zod';
import type { businessCalendars } from '../../db/schema/index.ts';
import { weekdays, type BusinessHours, type OpenInterval } from './business-time.ts';
import { isTimeZone } from './zoned-time.ts';

const hhmm = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const minutesOf = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

const shift = z
  .strictObject({
    start: z.string().regex(hhmm, 'must be HH:MM (00:00-23:59)'),
    end: z.string().regex(hhmm, 'must be HH:MM (00:01-24:00)'),
  })
  .refine((s) => minutesOf(s.start) < minutesOf(s.end), { message: 'start must be before end', path: ['end'] });

/** One day's shifts, sorted; overlapping shifts are refused rather than silently merged. */
const day = z
  .array(shift)
  .max(12)
  .transform((shifts) => [...shifts].sort((a, b) => minutesOf(a.start) - minutesOf(b.start)))
  .superRefine((shifts, c) => {
    for (let i = 1; i < shifts.length; i++) {
      if (minutesOf(shifts[i]!.start) < minutesOf(shifts[i - 1]!.end)) {
        c.addIssue({
          code: 'custom',
          message: `shifts ${shifts[i - 1]!.start}-${shifts[i - 1]!.end} and ${shifts[i]!.start}-${shifts[i]!.end} overlap`,
        });
      }
    }
  });

const isoDay = z.iso.date();

export const calendarFields = {
  name: z.string().trim().min(1).max(200),
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
  weeklyHours: z
    .strictObject(
      Object.fromEntries(weekdays.map((d) => [d, day.default([])])) as Record<(typeof weekdays)[number], z.ZodDefault<typeof day>>,
    )
    .refine((w) => Object.values(w).some((shifts) => shifts.length > 0), 'at least one day needs opening hours'),
  holidays: z
    .array(z.strictObject({ date: isoDay, name: z.string().trim().max(200).optional() }))
    .max(1000)
    .default([]),
};

export const createCalendarInput = z.strictObject(calendarFields);
export const updateCalendarInput = z.strictObject(calendarFields).partial();
export type CreateCalendarInput = z.input<typeof createCalendarInput>;

type CalendarRow = typeof businessCalendars.$inferSelect;

/** The stored calendar in the shape the clock arithmetic uses. */
export function toBusinessHours(row: Pick<CalendarRow, 'timeZone' | 'weeklyHours' | 'holidays'>): BusinessHours {
  const week = Object.fromEntries(
    weekdays.map((d) => [d, (row.weeklyHours[d] ?? []).map((s): OpenInterval => ({ start: minutesOf(s.start), end: minutesOf(s.end) }))]),
  ) as BusinessHours['week'];
  return { timeZone: row.timeZone, week, holidays: new Set(row.holidays.map((h) => h.date)) };
}
