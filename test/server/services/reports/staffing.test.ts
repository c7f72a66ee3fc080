import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { users } from '../../../../server/db/schema/index.ts';
import type { Actor } from '../../../../server/services/actor.ts';
import { staffing } from '../../../../server/services/reports/staffing.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildActor } from '../../../support/factories.ts';
import { seedReportWorld } from '../../../support/report-world.ts';

const { t } = contextWorld();
let world: Awaited<ReturnType<typeof seedReportWorld>>;
let sup: Actor;
beforeEach(async () => {
  world = await seedReportWorld(t.ctx);
  sup = await buildActor(t.ctx, ['supervisor']);
  await t.ctx.db.update(users).set({ presence: 'online' }).where(eq(users.id, world.alice.id));
});

const week = { from: '2026-03-02', to: '2026-03-08', tz: 'Asia/Shanghai' };
const at = <T extends { weekday: number; hour: number }>(hours: T[], weekday: number, hour: number) =>
  hours.find((h) => h.weekday === weekday && h.hour === hour)!;

describe('staffing recommendation', () => {
  it('plans from observed arrivals and the observed mean handle time', async () => {
    const s = await staffing(t.ctx, sup, { ...week, teamId: world.team.id });
    // Mean handle time of the four resolved tickets: (6600 + 66600 + 12600 + 2700) / 4 = 22125 s.
    expect(s.handleTime).toEqual({ observedAverageSeconds: 22125, observedTickets: 4, usedSeconds: 22125, source: 'observed' });
    // Support's members: Alice (online) and Bob.
    expect(s.staffedNow).toEqual({ online: 1, members: 2 });
    expect(s.hours).toHaveLength(168);
    // Monday 09:00 had one arrival in the one Monday of the period: 1/h x 22125 s = 6.146 Erlangs.
    const mon9 = at(s.hours, 1, 9);
    expect(mon9.arrivalsPerHour).toBe(1);
    expect(mon9.trafficErlangs).toBeCloseTo(6.146, 3);
    // With a 22125 s handle time hardly anyone who waits is answered within 60 s, so SL ≈ 1 - P(wait):
    // 9 agents: P(wait) 21.87 %, SL 1 - 0.2187 x e^(-2.854 x 60/22125) = 78.3 %; 10 agents: 11.51 %, SL 88.6 % -> 10.
    expect(mon9.recommended).toBe(10);
    expect(mon9.serviceLevel!).toBeCloseTo(0.886, 3);
    expect(at(s.hours, 2, 9)).toMatchObject({ arrivalsPerHour: 0, recommended: 0 });
    expect(s.peakRecommended).toBe(10);
  });

  it('uses the supervisor’s handle time and concurrency when given', async () => {
    // 180 s per contact: Monday 09:00 offers 1 x 180 / 3600 = 0.05 Erlangs; one agent answers 96 % within 60 s.
    const s = await staffing(t.ctx, sup, { ...week, ahtSeconds: 180, targetPercent: 80, answerSeconds: 60 });
    expect(s.handleTime).toMatchObject({ usedSeconds: 180, source: 'override' });
    expect(at(s.hours, 1, 9)).toMatchObject({ trafficErlangs: 0.05, recommended: 1, serviceLevel: 0.9636 });
    const juggling = await staffing(t.ctx, sup, { ...week, ahtSeconds: 7200, concurrency: 4 });
    expect(at(juggling.hours, 1, 9).trafficErlangs).toBe(0.5);
  });

  it('has nothing to plan with when no ticket was resolved and no handle time is given', async () => {
    const s = await staffing(t.ctx, sup, { from: '2026-03-07', to: '2026-03-08', tz: 'Asia/Shanghai' });
    expect(s.handleTime.source).toBe('none');
    expect(at(s.hours, 6, 12)).toMatchObject({ arrivalsPerHour: 1, recommended: null });
  });

  it('refuses a target of 100 % and agents asking', async () => {
    await expect(staffing(t.ctx, sup, { ...week, targetPercent: 100 })).rejects.toThrow(/targetPercent/);
    await expect(staffing(t.ctx, await buildActor(t.ctx, ['agent']), week)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
