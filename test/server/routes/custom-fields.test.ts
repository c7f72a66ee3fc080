import { describe, expect, it } from 'vitest';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';
import { buildTeamTicket } from '../../support/ticket-world.ts';

const { t, app } = routeWorld();

type Headers = Record<string, string>;
const call = (method: string, path: string, headers: Headers, body?: unknown) =>
  app.request(`/api${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const product = {
  entity: 'ticket',
  key: 'product',
  type: 'select',
  labels: { en: 'Product', 'zh-CN': '产品' },
  options: [{ value: 'router', labels: { en: 'Router' } }],
  requiredToResolve: true,
};

describe('/api/custom-fields and field values over HTTP', () => {
  it('admins define, everyone signed in reads, agents are refused with 403; bad definitions are 400 naming the field', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const agent = await buildTokenUser(t.ctx, ['agent']);
    expect((await call('POST', '/custom-fields', agent.headers, product)).status).toBe(403);
    const created = await call('POST', '/custom-fields', admin.headers, product);
    expect(created.status).toBe(201);
    const { field } = await created.json();
    expect((await (await call('GET', '/custom-fields?entity=ticket', agent.headers)).json()).fields).toMatchObject([{ key: 'product' }]);
    expect((await call('POST', '/custom-fields', admin.headers, product)).status).toBe(409);

    const bad = await call('POST', '/custom-fields', admin.headers, { ...product, key: 'x', type: 'colour' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain('type');
    const unknown = await call('POST', '/custom-fields', admin.headers, { ...product, key: 'y', size: 3 });
    expect((await unknown.json()).error.message).toContain('Unknown field "size"');
    const keyChange = await call('PATCH', `/custom-fields/${field.id}`, admin.headers, { key: 'renamed' });
    expect(keyChange.status).toBe(400);
    expect((await call('PATCH', `/custom-fields/${field.id}`, agent.headers, { labels: { en: 'P' } })).status).toBe(403);
    expect((await call('DELETE', `/custom-fields/${field.id}`, admin.headers)).status).toBe(200);
    expect((await (await call('GET', '/custom-fields', agent.headers)).json()).fields).toEqual([]);
    expect((await call('POST', `/custom-fields/${field.id}/restore`, admin.headers)).status).toBe(200);
    expect((await call('DELETE', '/custom-fields/not-a-uuid', admin.headers)).status).toBe(404);
  });

  it('PATCH /tickets/{id}/fields and /customers/{id}/fields: values shown in the GET views, bad ones 400, resolve refused naming the field', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    await call('POST', '/custom-fields', admin.headers, product);
    await call('POST', '/custom-fields', admin.headers, { entity: 'customer', key: 'vip', type: 'checkbox', labels: { en: 'VIP' } });
    const { ticketId, customerId } = await buildTeamTicket(t.ctx, null);

    const refused = await call('POST', `/tickets/${ticketId}/resolve`, admin.headers, {});
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.message).toBe('Cannot resolve: the field “Product” (product) must be filled in first');

    const bad = await call('PATCH', `/tickets/${ticketId}/fields`, admin.headers, { product: 'modem' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ code: 'VALIDATION', details: [{ path: 'product', code: 'invalid_value' }] });
    expect((await call('PATCH', `/tickets/${ticketId}/fields`, admin.headers, ['router'])).status).toBe(400);

    const set = await call('PATCH', `/tickets/${ticketId}/fields`, admin.headers, { product: 'router' });
    expect(set.status).toBe(200);
    expect((await set.json()).changes).toEqual([{ key: 'product', from: null, to: 'router' }]);
    expect((await call('PATCH', `/customers/${customerId}/fields`, admin.headers, { vip: 'maybe' })).status).toBe(400);
    expect((await call('PATCH', `/customers/${customerId}/fields`, admin.headers, { vip: true })).status).toBe(200);

    const detail = await (await call('GET', `/tickets/${ticketId}`, admin.headers)).json();
    expect(detail.ticket.customFields).toEqual({ product: 'router' });
    expect(detail.customer.customFields).toEqual({ vip: true });
    const list = await (await call('GET', '/tickets?field=product:router', admin.headers)).json();
    expect(list.tickets.map((x: { id: string }) => x.id)).toEqual([ticketId]);
    expect((await call('POST', `/tickets/${ticketId}/resolve`, admin.headers, {})).status).toBe(200);
  });

  it('POST /ingest takes ticketFields and customerFields, refusing bad ones with 400 before storing', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    await call('POST', '/custom-fields', admin.headers, product);
    const msg = { channel: 'api', threadKey: 'crm-1', externalMessageId: 'm-1', sender: { externalId: 'crm-cust-1' }, text: 'Hello' };
    const bad = await call('POST', '/ingest', admin.headers, { ...msg, ticketFields: { product: 'modem' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain('“Product” (product)');
    const unknown = await call('POST', '/ingest', admin.headers, { ...msg, customerFields: { tier: 'gold' } });
    expect((await unknown.json()).error.message).toContain('no customer field has the key "tier"');
    const ok = await call('POST', '/ingest', admin.headers, { ...msg, ticketFields: { product: 'router' } });
    expect(ok.status).toBe(201);
    const { ticketId } = await ok.json();
    expect((await (await call('GET', `/tickets/${ticketId}`, admin.headers)).json()).ticket.customFields).toEqual({ product: 'router' });
  });

  it('documents the routes and the ingest fields in OpenAPI', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const doc = await (await call('GET', '/openapi.json', admin.headers)).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/custom-fields', '/custom-fields/{id}', '/tickets/{id}/fields', '/customers/{id}/fields']),
    );
    expect(JSON.stringify(doc.paths['/ingest'])).toContain('ticketFields');
  });
});
