import { isoDate, isoWeekday, localDayOf, localToInstant, type LocalDay } from './zoned-time.ts';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** An opening interval within one local day, minutes after midnight; end may be 1440 (24:00). */
export interface OpenInterval {
  start: number;
  end: number;
}

export interface BusinessHours {
  timeZone: string;
  /** Split shifts are several intervals on one day; a day without intervals is closed. */
  week: Record<Weekday, OpenInterval[]>;
  /** Closed local dates, YYYY-MM-DD in the calendar's zone. */
  holidays: ReadonlySet<string>;
}

/** Null means the clock runs around the clock (no calendar on the policy). */
export type Hours = BusinessHours | null;

// Guards a calendar that could never open (every day a holiday) from spinning forever.
const MAX_DAYS = 3 * 366;

function intervalsOn(hours: BusinessHours, day: LocalDay): Array<[number, number]> {
  if (hours.holidays.has(isoDate(day))) return [];
  const spec = hours.week[weekdays[isoWeekday(day) - 1]!];
  return spec.map((i) => [localToInstant(hours.timeZone, day, i.start), localToInstant(hours.timeZone, day, i.end)]);
}

/** The instant `ms` of business time after `from` (from itself when ms <= 0, even outside opening hours). */
export function addBusinessTime(hours: Hours, from: Date, ms: number): Date {
  if (ms <= 0) return from;
  if (!hours) return new Date(from.getTime() + ms);
  let remaining = ms;
  const cursor = from.getTime();
  const first = localDayOf(hours.timeZone, from);
  for (let day = first; day < first + MAX_DAYS; day++) {
    for (const [open, close] of intervalsOn(hours, day)) {
      if (close <= cursor) continue;
      const start = Math.max(open, cursor);
      if (remaining <= close - start) return new Date(start + remaining);
      remaining -= close - start;
    }
  }
  throw new Error(`Business calendar has no opening hours within ${MAX_DAYS} days of ${from.toISOString()}`);
}

/** Business time between two instants (0 when `to` is not after `from`). */
export function businessTimeBetween(hours: Hours, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  if (!hours) return b - a;
  let total = 0;
  const last = localDayOf(hours.timeZone, to);
  for (let day = localDayOf(hours.timeZone, from); day <= last; day++) {
    for (const [open, close] of intervalsOn(hours, day)) {
      total += Math.max(0, Math.min(close, b) - Math.max(open, a));
    }
  }
  return total;
}
