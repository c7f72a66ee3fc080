import { describe, expect, it } from 'vitest';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';
import { buildTeamTicket, ticketRow } from '../../support/ticket-world.ts';

const { t, app } = routeWorld();

type Headers = Record<string, string>;
const call = (method: string, path: string, headers: Headers, body?: unknown) =>
  app.request(`/api${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

describe('closing a ticket with a field required to resolve', () => {
  it('is refused like resolving, naming the empty field; once it is filled in the ticket closes', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const field = { entity: 'ticket', key: 'product', type: 'text', labels: { en: 'Product', 'zh-CN': '产品' }, requiredToResolve: true };
    expect((await call('POST', '/custom-fields', admin.headers, field)).status).toBe(201);
    const { ticketId } = await buildTeamTicket(t.ctx, null);

    const refused = await call('POST', `/tickets/${ticketId}/close`, agent.headers, {});
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toMatchObject({
      code: 'VALIDATION',
      message: 'Cannot close: the field “Product” (product) must be filled in first',
      details: [{ path: 'customFields.product', code: 'required_to_resolve', action: 'close', labels: { en: 'Product', 'zh-CN': '产品' } }],
    });
    expect((await ticketRow(t.ctx, ticketId)).status).not.toBe('closed');

    expect((await call('PATCH', `/tickets/${ticketId}/fields`, agent.headers, { product: 'Router' })).status).toBe(200);
    const closed = await call('POST', `/tickets/${ticketId}/close`, agent.headers, {});
    expect(closed.status).toBe(200);
    expect((await ticketRow(t.ctx, ticketId)).status).toBe('closed');
  });
});
