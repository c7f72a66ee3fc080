/**
 * Snooze times as an agent means them: "tomorrow 9:00" is 9:00 on their wall clock, in their own time zone
 * (their profile's, else the browser's), whatever zone the browser runs in.
 */

/** The wall-clock fields of an instant in a zone. */
function wallClock(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    weekday: 'short',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return { y: +get('year'), m: +get('month'), d: +get('day'), h: +get('hour'), min: +get('minute'), s: +get('second'), weekday };
}

/** The instant at which the zone's clock shows this date and time (the later one across a DST change). */
export function zonedTime(y: number, m: number, d: number, h: number, min: number, timeZone: string): Date {
  const wanted = Date.UTC(y, m - 1, d, h, min);
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const w = wallClock(new Date(guess), timeZone);
    const shown = Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s);
    if (shown === wanted) break;
    guess += wanted - shown;
  }
  return new Date(guess);
}

/** 9:00 on the day `days` after today in the zone. */
function nineAm(now: Date, days: number, timeZone: string): Date {
  const w = wallClock(now, timeZone);
  const day = new Date(Date.UTC(w.y, w.m - 1, w.d + days));
  return zonedTime(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), 9, 0, timeZone);
}

export function snoozePresets(now: Date, timeZone: string) {
  const weekday = wallClock(now, timeZone).weekday;
  const toMonday = (8 - weekday) % 7 || 7;
  return {
    oneHour: new Date(now.getTime() + 3_600_000),
    tomorrow: nineAm(now, 1, timeZone),
    nextMonday: nineAm(now, toMonday, timeZone),
  };
}

/** A `datetime-local` value ("2026-12-08T09:00") read as the zone's wall clock. */
export function fromLocalInput(value: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  return m ? zonedTime(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, timeZone) : null;
}
