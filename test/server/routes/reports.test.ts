import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { users } from '../../../server/db/schema/index.ts';
import { buildTokenUser } from '../../support/http.ts';
import { seedReportWorld } from '../../support/report-world.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld();
let world: Awaited<ReturnType<typeof seedReportWorld>>;
beforeEach(async () => {
  world = await seedReportWorld(t.ctx);
});

const week = 'from=2026-03-02&to=2026-03-08&tz=Asia/Shanghai';
const names = ['volume', 'heatmap', 'times', 'csat', 'agents', 'kb', 'staffing'];

describe('GET /api/reports/*', () => {
  it('serves supervisors and admins, refuses agents with 403 and strangers with 401', async () => {
    const sup = await buildTokenUser(t.ctx, ['supervisor']);
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const agent = await buildTokenUser(t.ctx, ['agent']);
    for (const name of names) {
      expect((await app.request(`/api/reports/${name}?${week}`, { headers: sup.headers })).status, name).toBe(200);
      expect((await app.request(`/api/reports/${name}?${week}`, { headers: admin.headers })).status, name).toBe(200);
      const refused = await app.request(`/api/reports/${name}?${week}&format=csv`, { headers: agent.headers });
      expect(refused.status, name).toBe(403);
      expect((await refused.json()).error.code).toBe('FORBIDDEN');
      expect((await app.request(`/api/reports/${name}?${week}`)).status, name).toBe(401);
    }
  });

  it('answers JSON with the numbers of the period', async () => {
    const sup = await buildTokenUser(t.ctx, ['supervisor']);
    const res = await app.request(`/api/reports/times?${week}&teamId=${world.team.id}`, { headers: sup.headers });
    const body = await res.json();
    expect(body.scope).toMatchObject({ tz: 'Asia/Shanghai', fromAt: '2026-03-01T16:00:00.000Z', toAt: '2026-03-08T16:00:00.000Z' });
    expect(body.metrics.find((m: { metric: string }) => m.metric === 'first_response_business')).toMatchObject({
      count: 5,
      median: 2700,
      p90: 5520,
    });
  });

  it('names the bad parameter with 400', async () => {
    const sup = await buildTokenUser(t.ctx, ['supervisor']);
    const cases: Array<[string, string]> = [
      ['to=2026-03-08', 'from'],
      ['from=2026-03-08&to=2026-03-01', 'to'],
      ['from=2025-01-01&to=2026-03-01', 'to'],
      [`${week}&teamId=nope`, 'teamId'],
      [`${week}&channel=fax`, 'channel'],
      [`${week}&format=xlsx`, 'format'],
      ['from=2026-03-02&to=2026-03-08&tz=Mars/Olympus', 'tz'],
      [`${week}&teamId=00000000-0000-4000-8000-000000000000`, 'teamId'],
    ];
    for (const [query, param] of cases) {
      const res = await app.request(`/api/reports/volume?${query}`, { headers: sup.headers });
      expect(res.status, query).toBe(400);
      const { error } = await res.json();
      expect(error.message, query).toContain(`${param}:`);
    }
    const staffing = await app.request(`/api/reports/staffing?${week}&targetPercent=100`, { headers: sup.headers });
    expect(staffing.status).toBe(400);
    expect((await staffing.json()).error.message).toContain('targetPercent');
  });

  it('downloads every table as CSV: header row, RFC 4180 quoting, formulas neutralised', async () => {
    const sup = await buildTokenUser(t.ctx, ['supervisor']);
    await t.ctx.db.update(users).set({ name: '=HYPERLINK("http://x.test","Bob, the builder")' }).where(eq(users.id, world.bob.id));
    for (const name of names) {
      const res = await app.request(`/api/reports/${name}?${week}&format=csv`, { headers: sup.headers });
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="switchboard-${name}-2026-03-02-to-2026-03-08.csv"; filename*=UTF-8''switchboard-${name}-2026-03-02-to-2026-03-08.csv`,
      );
      const text = (await res.text()).replace(/^\uFEFF/, '');
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.split('\r\n')[0], name).toMatch(/^[a-z_]+(,[a-z_0-9:]+)+$/);
    }
    const agents = (await (await app.request(`/api/reports/agents?${week}&format=csv`, { headers: sup.headers })).text()).replace(
      /^\uFEFF/,
      '',
    );
    const lines = agents.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'agent,assigned,replies,resolved,first_response_median_business_seconds,handle_median_seconds,csat_average,csat_responses',
    );
    expect(lines).toContain(`"'=HYPERLINK(""http://x.test"",""Bob, the builder"")",2,1,1,1650,12600,4,1`);
    expect(lines).toContain('Alice Wang,3,4,3,3000,6600,3.33,3');
    const volume = (await (await app.request(`/api/reports/volume?${week}&format=csv`, { headers: sup.headers })).text()).replace(
      /^\uFEFF/,
      '',
    );
    expect(volume.split('\r\n').slice(0, 2)).toEqual([
      'date,created,resolved,email,widget,telegram,api,phone,in_person',
      '2026-03-02,3,1,1,1,0,1,0,0',
    ]);
  });
});
