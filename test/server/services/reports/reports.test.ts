import { beforeEach, describe, expect, it } from 'vitest';
import { agentTable } from '../../../../server/services/reports/agent-table.ts';
import { arrivalHeatmap } from '../../../../server/services/reports/arrival-heatmap.ts';
import { csatSummary } from '../../../../server/services/reports/csat-summary.ts';
import { kbEffect } from '../../../../server/services/reports/kb-effect.ts';
import { responseTimes } from '../../../../server/services/reports/response-times.ts';
import { volumeByDay } from '../../../../server/services/reports/volume-by-day.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildActor } from '../../../support/factories.ts';
import { seedReportWorld } from '../../../support/report-world.ts';
import type { Actor } from '../../../../server/services/actor.ts';

const { t } = contextWorld();
let world: Awaited<ReturnType<typeof seedReportWorld>>;
let sup: Actor;
beforeEach(async () => {
  world = await seedReportWorld(t.ctx);
  sup = await buildActor(t.ctx, ['supervisor']);
});

const week = { from: '2026-03-02', to: '2026-03-08', tz: 'Asia/Shanghai' };
const metric = async (name: string, filters = {}) =>
  (await responseTimes(t.ctx, sup, { ...week, ...filters })).metrics.find((m) => m.metric === name)!;

describe('response, resolution and handle times (hand-computed from report-world.ts)', () => {
  it('first response in wall-clock time: median and p90 by interpolation', async () => {
    // T6 300 s, T4 2400, T1 3000, T2 17 h = 61200, T3 Thu 20:00 -> Mon 09:45 = 308700.
    // median = 3000; p90 at rank 0.9*4 = 3.6: 61200 + 0.6*(308700-61200) = 209700; mean 375600/5 = 75120.
    expect(await metric('first_response')).toEqual({ metric: 'first_response', count: 5, median: 3000, p90: 209700, average: 75120 });
  });

  it('first response in business hours: closed evenings, weekend and the holiday do not count', async () => {
    // T6 0 (holiday), T4 600 (08:30 before opening, answered 09:10), T3 2700 (Fri holiday + weekend, Mon 09:00-09:45),
    // T1 3000, T2 7200 (Mon 17:00-18:00 + Tue 09:00-10:00). median 2700; p90 3000 + 0.6*4200 = 5520; mean 13500/5 = 2700.
    expect(await metric('first_response_business')).toEqual({
      metric: 'first_response_business',
      count: 5,
      median: 2700,
      p90: 5520,
      average: 2700,
    });
  });

  it('resolution runs from creation to the last resolution; T3, T5, T7 are unresolved', async () => {
    // T6 09:00 -> 10:10 after a reopen = 4200, T1 7200, T4 12600, T2 22 h = 79200.
    // median (7200+12600)/2 = 9900; p90 at 2.7: 12600 + 0.7*66600 = 59220; mean 103200/4 = 25800.
    expect(await metric('resolution')).toEqual({ metric: 'resolution', count: 4, median: 9900, p90: 59220, average: 25800 });
    // Business: T6 0, T1 7200, T4 10800 (09:00-12:00), T2 25200 (1 h + 6 h). median 9000; p90 10800 + 0.7*14400 = 20880.
    expect(await metric('resolution_business')).toEqual({
      metric: 'resolution_business',
      count: 4,
      median: 9000,
      p90: 20880,
      average: 10800,
    });
  });

  it('handle time counts new/open from the first assignment, never pending or resolved-before-reopen', async () => {
    // T1 assigned 09:10 -> 11:00 = 6600. T2 new 17:00 -> 10:00 (61200) + open 10:00-10:30 (1800) + 14:00-15:00 (3600) = 66600.
    // T4 08:30 -> 12:00 = 12600. T6 5 min new + 30 min open + 10 min after the reopen = 2700.
    // median (6600+12600)/2 = 9600; p90 12600 + 0.7*54000 = 50400; mean 88500/4 = 22125.
    expect(await metric('handle')).toEqual({ metric: 'handle', count: 4, median: 9600, p90: 50400, average: 22125 });
  });

  it('filters by agent and channel', async () => {
    // Alice: T1 3000, T2 7200, T6 0 -> median 3000. Email: T1 3000, T4 600 -> median 1800.
    expect((await metric('first_response_business', { agentId: world.alice.id })).median).toBe(3000);
    expect((await metric('first_response_business', { channel: 'email' })).median).toBe(1800);
  });
});

describe('volume and arrivals', () => {
  it('counts tickets per local day, zeros included, split by channel', async () => {
    const v = await volumeByDay(t.ctx, sup, week);
    expect(v.totals).toEqual({ created: 7, resolved: 4 });
    expect(v.days.map((d) => [d.date, d.created, d.resolved])).toEqual([
      ['2026-03-02', 3, 1],
      ['2026-03-03', 0, 1],
      ['2026-03-04', 1, 1],
      ['2026-03-05', 1, 0],
      ['2026-03-06', 1, 1],
      ['2026-03-07', 1, 0],
      ['2026-03-08', 0, 0],
    ]);
    expect(v.days[0]).toMatchObject({ email: 1, widget: 1, api: 1, telegram: 0 });
  });

  it('uses the requested zone for day boundaries: T7 (Mon 00:30 Shanghai) is Sunday in UTC', async () => {
    const v = await volumeByDay(t.ctx, sup, { ...week, tz: 'UTC' });
    expect(v.scope.fromAt).toBe('2026-03-02T00:00:00.000Z');
    expect(v.totals.created).toBe(6);
  });

  it('defaults to the team calendar zone and filters by team', async () => {
    const v = await volumeByDay(t.ctx, sup, { from: week.from, to: week.to, teamId: world.team.id });
    expect(v.scope.tz).toBe('Asia/Shanghai');
    expect(v.totals.created).toBe(6);
  });

  it('puts arrivals on the local weekday x hour grid, each hour occurring once in a week', async () => {
    const { cells } = await arrivalHeatmap(t.ctx, sup, week);
    expect(cells).toHaveLength(168);
    const hot = cells.filter((c) => c.arrivals > 0).map((c) => [c.weekday, c.hour, c.arrivals]);
    expect(hot).toEqual([
      [1, 0, 1],
      [1, 9, 1],
      [1, 17, 1],
      [3, 8, 1],
      [4, 20, 1],
      [5, 9, 1],
      [6, 12, 1],
    ]);
    expect(cells.every((c) => c.occurrences === 1)).toBe(true);
  });
});

describe('CSAT, agents and knowledge base', () => {
  it('averages the ratings given in the period', async () => {
    const c = await csatSummary(t.ctx, sup, week);
    // 5, 3, 4, 2 -> 3.5; two of four are 4 or 5; the rating of 2026-03-10 is outside the period.
    expect(c).toMatchObject({ responses: 4, average: 3.5, satisfiedPercent: 50 });
    expect(c.distribution).toEqual([
      { rating: 1, count: 0 },
      { rating: 2, count: 1 },
      { rating: 3, count: 1 },
      { rating: 4, count: 1 },
      { rating: 5, count: 1 },
    ]);
    expect((await csatSummary(t.ctx, sup, { ...week, agentId: world.alice.id })).average).toBe(3.33);
  });

  it('builds the per-agent table', async () => {
    const { agents } = await agentTable(t.ctx, sup, week);
    const byName = Object.fromEntries(agents.map((a) => [a.name, a]));
    expect(Object.keys(byName)).toEqual(['Alice Wang', 'Bob Li', 'Carol Idle']);
    // Alice: T1, T2, T6; four replies; first responses 3000, 7200, 0; handle 6600, 66600, 2700; ratings 5, 3, 2.
    expect(byName['Alice Wang']).toMatchObject({
      assigned: 3,
      replies: 4,
      resolved: 3,
      firstResponseMedian: 3000,
      handleMedian: 6600,
      csatAverage: 3.33,
      csatResponses: 3,
    });
    // Bob: T3 and T4; his T3 reply is on 03-09 (after the period); first responses 600 and 2700 -> 1650.
    expect(byName['Bob Li']).toMatchObject({
      assigned: 2,
      replies: 1,
      resolved: 1,
      firstResponseMedian: 1650,
      handleMedian: 12600,
      csatAverage: 4,
      csatResponses: 1,
    });
    expect(byName['Carol Idle']).toMatchObject({ assigned: 0, replies: 0, resolved: 0, firstResponseMedian: null, csatAverage: null });
    const team = await agentTable(t.ctx, sup, { ...week, teamId: world.team.id });
    expect(team.agents.map((a) => a.name)).toEqual(['Alice Wang', 'Bob Li']);
  });

  it('reports suggestions, inserts, solved tickets and deflections', async () => {
    const kb = await kbEffect(t.ctx, sup, week);
    expect(kb.totals).toEqual({
      suggested: 3,
      inserted: 1,
      solved: 1,
      ticketsWithSuggestions: 3,
      ticketsSolved: 1,
      ticketsResolved: 4,
      widgetDeflections: 2,
      helpCenterDeflections: 1,
    });
    expect(kb.articles.map((a) => [a.title, a.suggested, a.inserted, a.solved, a.deflections])).toEqual([
      ['Reset your password', 2, 1, 1, 2],
      ['Refunds take 10 days', 1, 0, 0, 1],
    ]);
  });
});

describe('access and input', () => {
  it('refuses agents', async () => {
    const agent = await buildActor(t.ctx, ['agent']);
    await expect(volumeByDay(t.ctx, agent, week)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('names the bad parameter', async () => {
    await expect(volumeByDay(t.ctx, sup, { from: '2026-03-08', to: '2026-03-02' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('to'),
    });
    await expect(volumeByDay(t.ctx, sup, { from: '2025-01-01', to: '2026-03-02' })).rejects.toThrow(
      /to: the period may span at most 366 days/,
    );
    await expect(volumeByDay(t.ctx, sup, { ...week, tz: 'Mars/Olympus' })).rejects.toThrow(/tz: unknown time zone/);
    await expect(volumeByDay(t.ctx, sup, { ...week, teamId: '00000000-0000-4000-8000-000000000000' })).rejects.toThrow(
      /teamId: no such team/,
    );
    await expect(volumeByDay(t.ctx, sup, { from: '2026-3-2', to: '2026-03-08' })).rejects.toThrow(/from: expected a date/);
  });
});
