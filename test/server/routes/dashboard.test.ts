import { beforeEach, describe, expect, it } from 'vitest';
import { NOW, seedDashboardWorld } from '../../support/dashboard-world.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld();
let world: Awaited<ReturnType<typeof seedDashboardWorld>>;
beforeEach(async () => {
  t.clock.set(NOW);
  world = await seedDashboardWorld(t.ctx);
});

const subjects = (body: { tickets: { subject: string }[] }) => body.tickets.map((x) => x.subject.replace('Ticket ', '')).sort();

describe('GET /api/dashboard', () => {
  it('answers supervisors and admins; an agent gets 403 and a stranger 401', async () => {
    const sup = await buildTokenUser(t.ctx, ['supervisor']);
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const res = await app.request('/api/dashboard?tz=Asia/Shanghai', { headers: sup.headers });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.queues.find((q: { teamName: string }) => q.teamName === 'Billing').waiting).toBe(3);
    expect(body.today).toMatchObject({ date: '2026-03-10', created: 12 });
    expect((await app.request('/api/dashboard', { headers: admin.headers })).status).toBe(200);
    const refused = await app.request('/api/dashboard', { headers: agent.headers });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('FORBIDDEN');
    expect((await app.request('/api/dashboard')).status).toBe(401);
    expect((await app.request('/api/dashboard?tz=Mars/Olympus', { headers: sup.headers })).status).toBe(400);
  });

  it('is described in the OpenAPI document, with the ticket list’s new filters', async () => {
    const doc = await (await app.request('/api/openapi.json')).json();
    expect(doc.paths['/dashboard'].get.responses['200']).toBeDefined();
    const params = doc.paths['/tickets'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(['queue', 'sla', 'createdFrom', 'responded', 'resolvedFrom', 'ratedFrom', 'rating']));
  });
});

describe('GET /api/tickets with the dashboard’s filters', () => {
  it('lists the tickets behind each number from query strings', async () => {
    const sup = await buildTokenUser(t.ctx, ['supervisor']);
    const list = async (qs: string) => {
      const res = await app.request(`/api/tickets?view=all&limit=100&${qs}`, { headers: sup.headers });
      expect(res.status, qs).toBe(200);
      return subjects(await res.json());
    };
    const from = encodeURIComponent('2026-03-09T16:00:00.000Z');
    expect(await list(`queue=${world.billing.id}&channel=email`)).toEqual(['W1', 'W2']);
    expect(await list('sla=breached')).toEqual(['A3', 'W3']);
    expect(await list(`createdFrom=${from}&responded=true`)).toEqual(['F1', 'F2', 'F3', 'F5']);
    expect(await list(`ratedFrom=${from}&rating=4`)).toEqual(['F5']);
  });

  it('names a bad filter with 400', async () => {
    const sup = await buildTokenUser(t.ctx, ['supervisor']);
    for (const [qs, field] of [
      ['sla=soon', 'sla'],
      ['createdFrom=yesterday', 'createdFrom'],
      ['rating=6', 'rating'],
      ['queue=billing', 'queue'],
      ['responded=maybe', 'responded'],
    ]) {
      const res = await app.request(`/api/tickets?view=all&${qs}`, { headers: sup.headers });
      expect(res.status, qs).toBe(400);
      expect((await res.json()).error.message, qs).toContain(field);
    }
  });

  it('still shows an agent only the tickets they may see', async () => {
    const { headers } = await buildTokenUser(t.ctx, ['agent']);
    // Not in Billing or Sales: of the breached tickets (A3 Sales, W3 Billing) none is visible.
    const res = await app.request('/api/tickets?view=all&sla=breached', { headers });
    expect(subjects(await res.json())).toEqual([]);
  });
});
