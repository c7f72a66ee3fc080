import { describe, expect, it } from 'vitest';
import { csatResponses } from '../../../server/db/schema/index.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';
import { buildTeamTicket } from '../../support/ticket-world.ts';

const { t, app } = routeWorld();

type Headers = Record<string, string>;
const call = (method: string, path: string, headers: Headers, body?: unknown) =>
  app.request(`/api${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const today = () => t.ctx.now().toISOString().slice(0, 10);

async function world() {
  const admin = await buildTokenUser(t.ctx, ['admin']);
  const options = ['router', 'switch'].map((value) => ({ value, labels: { en: value[0]!.toUpperCase() + value.slice(1) } }));
  await call('POST', '/custom-fields', admin.headers, {
    entity: 'ticket',
    key: 'product',
    type: 'select',
    labels: { en: 'Product' },
    options,
  });
  await call('POST', '/custom-fields', admin.headers, { entity: 'customer', key: 'tier', type: 'text', labels: { en: 'Tier' } });
  const a = await buildTeamTicket(t.ctx, null, { subject: 'A' });
  const b = await buildTeamTicket(t.ctx, null, { subject: 'B' });
  await buildTeamTicket(t.ctx, null, { subject: '=C' });
  await call('PATCH', `/tickets/${a.ticketId}/fields`, admin.headers, { product: 'router' });
  await call('PATCH', `/tickets/${b.ticketId}/fields`, admin.headers, { product: 'router' });
  await call('PATCH', `/customers/${a.customerId}/fields`, admin.headers, { tier: 'gold, annual' });
  await call('POST', `/tickets/${a.ticketId}/resolve`, admin.headers, {});
  await t.ctx.db.insert(csatResponses).values({ ticketId: a.ticketId, channel: 'api', rating: 4, resolvedAt: t.ctx.now() });
  return admin;
}

describe('reports by custom field', () => {
  it('breaks tickets down by a select field: counts, resolved and CSAT, as JSON and CSV', async () => {
    const admin = await world();
    const q = `from=${today()}&to=${today()}&tz=UTC`;
    const res = await call('GET', `/reports/fields?${q}&field=product`, admin.headers);
    expect(res.status).toBe(200);
    expect((await res.json()).rows).toEqual([
      { value: 'router', label: 'Router', tickets: 2, resolved: 1, csatAverage: 4, csatResponses: 1 },
      { value: 'switch', label: 'Switch', tickets: 0, resolved: 0, csatAverage: null, csatResponses: 0 },
      { value: '', label: '', tickets: 1, resolved: 0, csatAverage: null, csatResponses: 0 },
    ]);
    const csv = await (await call('GET', `/reports/fields?${q}&field=product&format=csv`, admin.headers)).text();
    expect(csv).toContain('product,label,tickets,resolved,csat_average,csat_responses\r\nrouter,Router,2,1,4,1\r\n');

    const notSelect = await call('GET', `/reports/fields?${q}&field=tier`, admin.headers);
    expect(notSelect.status).toBe(400);
    expect((await notSelect.json()).error.message).toContain('"tier" is not a single-select ticket field');
    const agent = await buildTokenUser(t.ctx, ['agent']);
    expect((await call('GET', `/reports/fields?${q}&field=product`, agent.headers)).status).toBe(403);
  });

  it('exports tickets as CSV with a column per ticket and customer field', async () => {
    const admin = await world();
    const res = await call('GET', `/reports/tickets?from=${today()}&to=${today()}&tz=UTC`, admin.headers);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'number,subject,status,priority,channel,team,assignee,customer,created_at,resolved_at,csat,field:product,customer:tier',
    );
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.includes(',A,'))).toMatch(/,4,router,"gold, annual"$/);
    // A formula-looking subject is written as text.
    expect(lines.find((l) => l.includes("'=C"))).toBeTruthy();
  });
});
