import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { businessCalendars, customers, slaPolicies, tickets } from '../../../../server/db/schema/index.ts';
import { businessSeconds, calendarJoin } from '../../../../server/services/reports/business-time-sql.ts';
import { rows } from '../../../../server/services/reports/rows.ts';
import { businessTimeBetween } from '../../../../server/services/sla/business-time.ts';
import { toBusinessHours } from '../../../../server/services/sla/calendar-input.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildTeam } from '../../../support/factories.ts';

const { t } = contextWorld({}, { reset: false });

/**
 * Reports compute business time in SQL; the SLA engine computes it in JS. The same calendar must give the same
 * seconds in both: a Berlin calendar with a split shift, a shift to 24:00, a holiday, and a Sunday 02:00-04:00 shift
 * that falls in the spring-forward gap and the autumn repeated hour.
 */
describe('business time in SQL agrees with the SLA engine', () => {
  it('over intervals spanning nights, weekends, a holiday and the DST changes', async () => {
    const team = await buildTeam(t.ctx);
    const weekday = [
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '17:30' },
    ];
    const [calendar] = await t.ctx.db
      .insert(businessCalendars)
      .values({
        name: 'Berlin split shift',
        timeZone: 'Europe/Berlin',
        weeklyHours: {
          mon: weekday,
          tue: weekday,
          wed: weekday,
          thu: weekday,
          fri: [{ start: '08:00', end: '24:00' }],
          sat: [{ start: '10:00', end: '14:00' }],
          sun: [{ start: '02:00', end: '04:00' }],
        },
        holidays: [{ date: '2026-03-30', name: 'Closed' }],
      })
      .returning();
    await t.ctx.db.insert(slaPolicies).values({ name: 'Berlin', teamId: team.id, calendarId: calendar!.id, targets: {} });
    const [customer] = await t.ctx.db.insert(customers).values({ name: 'C' }).returning();

    // Deterministic spread of intervals from late March (DST starts 29 Mar, 02:00 -> 03:00) to early November (25 Oct).
    const pairs: Array<[Date, Date]> = [];
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 60; i++) {
      const start = Date.UTC(2026, 2, 25) + Math.floor(next() * 230 * 86_400_000);
      pairs.push([new Date(start), new Date(start + Math.floor(next() * 9 * 86_400_000))]);
    }
    pairs.push([new Date('2026-03-27T22:00:00Z'), new Date('2026-03-31T10:00:00Z')]);
    pairs.push([new Date('2026-10-23T20:00:00Z'), new Date('2026-10-26T09:00:00Z')]);
    pairs.push([new Date('2026-03-29T00:30:00Z'), new Date('2026-03-29T01:30:00Z')]);
    pairs.push([new Date('2026-10-25T00:00:00Z'), new Date('2026-10-25T03:30:00Z')]);
    await t.ctx.db.insert(tickets).values(
      pairs.map(([from, to], i) => ({
        channel: 'api' as const,
        threadKey: `bt-${i}`,
        customerId: customer!.id,
        teamId: team.id,
        createdAt: from,
        firstResponseAt: to,
      })),
    );

    const got = rows<{ thread: string; seconds: number }>(
      await t.ctx.db.execute(sql`
        select t.thread_key as thread, ${businessSeconds(sql`t.created_at`, sql`t.first_response_at`)} as seconds
        from tickets t ${calendarJoin} order by t.thread_key`),
    );
    const hours = toBusinessHours(calendar!);
    const expected = new Map(pairs.map(([from, to], i) => [`bt-${i}`, businessTimeBetween(hours, from, to) / 1000]));
    expect(got).toHaveLength(pairs.length);
    for (const r of got) expect({ thread: r.thread, seconds: r.seconds }).toEqual({ thread: r.thread, seconds: expected.get(r.thread) });
    expect(got.some((r) => r.seconds > 0)).toBe(true);
  });
});
