import { describe, expect, it } from 'vitest';
import { fromLocalInput, snoozePresets, zonedTime } from '../../web/src/lib/snooze-presets.ts';

describe('snooze presets', () => {
  it('means 9:00 on the agent’s own clock, whatever zone the browser runs in', () => {
    // Monday 7 Dec 2026, 23:30 in Shanghai (15:30 UTC).
    const now = new Date('2026-12-07T15:30:00Z');
    const shanghai = snoozePresets(now, 'Asia/Shanghai');
    expect(shanghai.oneHour.toISOString()).toBe('2026-12-07T16:30:00.000Z');
    expect(shanghai.tomorrow.toISOString()).toBe('2026-12-08T01:00:00.000Z');
    // Already Monday in Shanghai: "next Monday" is a week on.
    expect(shanghai.nextMonday.toISOString()).toBe('2026-12-14T01:00:00.000Z');
    const newYork = snoozePresets(now, 'America/New_York');
    expect(newYork.tomorrow.toISOString()).toBe('2026-12-08T14:00:00.000Z');
    expect(newYork.nextMonday.toISOString()).toBe('2026-12-14T14:00:00.000Z');
  });

  it('follows daylight saving time and reads a custom date and time in the zone', () => {
    expect(zonedTime(2026, 7, 1, 9, 0, 'Europe/Berlin').toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(zonedTime(2026, 12, 1, 9, 0, 'Europe/Berlin').toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(fromLocalInput('2026-12-24T18:30', 'Asia/Shanghai')?.toISOString()).toBe('2026-12-24T10:30:00.000Z');
    expect(fromLocalInput('', 'UTC')).toBeNull();
  });
});
