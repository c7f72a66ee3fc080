import { describe, expect, it } from 'vitest';
import { addBusinessTime, businessTimeBetween, type Hours } from '../../../../server/services/sla/business-time.ts';
import { createCalendarInput, toBusinessHours, type CreateCalendarInput } from '../../../../server/services/sla/calendar-input.ts';

const H = 3_600_000;
const M = 60_000;

function hours(input: Omit<CreateCalendarInput, 'name'>): Hours {
  return toBusinessHours(createCalendarInput.parse({ name: 'c', ...input }));
}
const nineToFive = (timeZone: string, holidays: { date: string }[] = []) =>
  hours({
    timeZone,
    weeklyHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '17:00' }]])),
    holidays,
  });

describe('business time', () => {
  it('runs around the clock without a calendar', () => {
    const from = new Date('2026-05-02T23:30:00Z');
    expect(addBusinessTime(null, from, 2 * H).toISOString()).toBe('2026-05-03T01:30:00.000Z');
    expect(businessTimeBetween(null, from, new Date('2026-05-03T01:30:00Z'))).toBe(2 * H);
  });

  it('carries the rest of a target from Friday afternoon to Monday morning', () => {
    const berlin = nineToFive('Europe/Berlin');
    // Friday 2026-05-08 16:00 CEST = 14:00Z; one hour left on Friday, one on Monday from 09:00 CEST (07:00Z).
    expect(addBusinessTime(berlin, new Date('2026-05-08T14:00:00Z'), 2 * H).toISOString()).toBe('2026-05-11T08:00:00.000Z');
  });

  it('starts counting at opening time for a ticket written over the weekend', () => {
    const berlin = nineToFive('Europe/Berlin');
    expect(addBusinessTime(berlin, new Date('2026-05-09T10:00:00Z'), 30 * M).toISOString()).toBe('2026-05-11T07:30:00.000Z');
  });

  it('skips the lunch break of a split shift', () => {
    const split = hours({
      timeZone: 'UTC',
      weeklyHours: {
        mon: [
          { start: '13:00', end: '17:00' },
          { start: '09:00', end: '12:00' },
        ],
      },
    });
    // Monday 2026-05-11 11:30: 30 min before lunch, 30 after it.
    expect(addBusinessTime(split, new Date('2026-05-11T11:30:00Z'), H).toISOString()).toBe('2026-05-11T13:30:00.000Z');
    // Monday 16:00 with 2 h: one hour today, then a week later (only Mondays open) 09:00 + 1 h.
    expect(addBusinessTime(split, new Date('2026-05-11T16:00:00Z'), 2 * H).toISOString()).toBe('2026-05-18T10:00:00.000Z');
  });

  it('skips holidays in the calendar zone', () => {
    const withHoliday = nineToFive('Europe/Berlin', [{ date: '2026-05-11' }, { date: '2026-05-12' }]);
    expect(addBusinessTime(withHoliday, new Date('2026-05-08T14:00:00Z'), 2 * H).toISOString()).toBe('2026-05-13T08:00:00.000Z');
  });

  it('reads opening hours in the calendar time zone', () => {
    const from = new Date('2026-05-11T12:00:00Z');
    // 12:00Z is 21:00 in Tokyo (closed: next day 09:00 JST = 00:00Z) and 08:00 in New York (opens 13:00Z).
    expect(addBusinessTime(nineToFive('Asia/Tokyo'), from, H).toISOString()).toBe('2026-05-12T01:00:00.000Z');
    expect(addBusinessTime(nineToFive('America/New_York'), from, H).toISOString()).toBe('2026-05-11T14:00:00.000Z');
  });

  it('keeps local opening hours across a daylight-saving change', () => {
    const berlin = nineToFive('Europe/Berlin');
    // Friday 2026-03-27 16:00 CET = 15:00Z; clocks go forward on Sunday the 29th; Monday opens 09:00 CEST = 07:00Z.
    expect(addBusinessTime(berlin, new Date('2026-03-27T15:00:00Z'), 2 * H).toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });

  it('measures business time between two instants as the inverse of adding it', () => {
    const berlin = nineToFive('Europe/Berlin', [{ date: '2026-05-14' }]);
    const from = new Date('2026-05-08T14:12:00Z');
    for (const ms of [5 * M, 3 * H, 17 * H + 5 * M, 40 * H]) {
      expect(businessTimeBetween(berlin, from, addBusinessTime(berlin, from, ms))).toBe(ms);
    }
  });

  it('refuses overlapping shifts, bad zones and a week without opening hours, naming the field', () => {
    const bad = (input: object) =>
      createCalendarInput.safeParse({ name: 'c', timeZone: 'UTC', weeklyHours: { mon: [{ start: '09:00', end: '17:00' }] }, ...input });
    const overlap = bad({
      weeklyHours: {
        tue: [
          { start: '09:00', end: '13:00' },
          { start: '12:00', end: '17:00' },
        ],
      },
    });
    expect(overlap.error?.issues[0]).toMatchObject({ path: ['weeklyHours', 'tue'], message: expect.stringContaining('overlap') });
    expect(bad({ timeZone: 'Mars/Olympus' }).error?.issues[0]?.path).toEqual(['timeZone']);
    expect(bad({ weeklyHours: {} }).error?.issues[0]?.path).toEqual(['weeklyHours']);
    expect(bad({ weeklyHours: { mon: [{ start: '17:00', end: '09:00' }] } }).error?.issues[0]?.path).toEqual([
      'weeklyHours',
      'mon',
      0,
      'end',
    ]);
    expect(bad({ holidays: [{ date: '2026-13-01' }] }).error?.issues[0]?.path).toEqual(['holidays', 0, 'date']);
  });
});
