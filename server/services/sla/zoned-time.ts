/** Wall-clock arithmetic in an IANA time zone using only Intl (no tz database shipped with the app). */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(timeZone: string, at: number): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(at))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return parts as unknown as WallClock;
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(timeZone: string, at: number): number {
  const w = wallClock(timeZone, at);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (at - (((at % 1000) + 1000) % 1000));
}

/** A local calendar day, counted as days since 1970-01-01 (so stepping a day is +1, across DST and months). */
export type LocalDay = number;

export const localDayOf = (timeZone: string, at: Date): LocalDay => {
  const w = wallClock(timeZone, at.getTime());
  return Math.floor(Date.UTC(w.year, w.month - 1, w.day) / 86_400_000);
};

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export const isoWeekday = (day: LocalDay): number => ((new Date(day * 86_400_000).getUTCDay() + 6) % 7) + 1;

export const isoDate = (day: LocalDay): string => new Date(day * 86_400_000).toISOString().slice(0, 10);

/**
 * The instant a local wall-clock time (minutes after midnight of `day`) happens in the zone. A time inside a
 * DST gap does not exist; it lands the gap's length later, as a wall clock set forward would show it.
 */
export function localToInstant(timeZone: string, day: LocalDay, minutes: number): number {
  const naive = day * 86_400_000 + minutes * 60_000;
  const guess = naive - offsetAt(timeZone, naive);
  return naive - offsetAt(timeZone, guess);
}
