import { describe, expect, it } from 'vitest';
import { buildTicket } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld();

type Listed = { cannedResponses: Array<{ id: string }> };
type ErrorBody = { error: { code: string; message: string } };

describe('/api/canned-responses', () => {
  it('creates, lists, filters, edits, renders and deletes a response', async () => {
    const { headers } = await buildTokenUser(t.ctx, ['agent']);
    const created = await app.request('/api/canned-responses', {
      method: 'POST',
      headers,
      body: JSON.stringify({ shortcut: 'refund', title: 'Refund', body: 'Dear {{customer.name}}, your refund is on its way.' }),
    });
    expect(created.status).toBe(201);
    const { cannedResponse } = (await created.json()) as { cannedResponse: { id: string } };
    expect(cannedResponse).toMatchObject({ scope: 'personal', shortcut: 'refund' });

    const listed = (await (await app.request('/api/canned-responses?q=refu', { headers })).json()) as Listed;
    expect(listed.cannedResponses.map((c: { id: string }) => c.id)).toEqual([cannedResponse.id]);
    expect(((await (await app.request('/api/canned-responses?q=zzz', { headers })).json()) as Listed).cannedResponses).toEqual([]);

    const edited = await app.request(`/api/canned-responses/${cannedResponse.id}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ title: 'Refund sent' }),
    });
    expect(((await edited.json()) as { cannedResponse: { title: string } }).cannedResponse.title).toBe('Refund sent');

    const ticket = await buildTicket(t.ctx, { sender: { externalId: 'mei@example.com', displayName: 'Mei Chen' } });
    const rendered = await app.request(`/api/canned-responses/${cannedResponse.id}/render`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ticketId: ticket.ticketId }),
    });
    expect(await rendered.json()).toEqual({ id: cannedResponse.id, text: 'Dear Mei Chen, your refund is on its way.' });

    expect((await app.request(`/api/canned-responses/${cannedResponse.id}`, { method: 'DELETE', headers })).status).toBe(204);
    expect(((await (await app.request('/api/canned-responses', { headers })).json()) as Listed).cannedResponses).toEqual([]);
  });

  it('answers 403 to an agent creating a shared response and 400 naming the field on bad input', async () => {
    const { headers } = await buildTokenUser(t.ctx, ['agent']);
    const shared = await app.request('/api/canned-responses', {
      method: 'POST',
      headers,
      body: JSON.stringify({ scope: 'shared', shortcut: 'hi', title: 'Hi', body: 'Hello' }),
    });
    expect(shared.status).toBe(403);
    expect(((await shared.json()) as ErrorBody).error.code).toBe('FORBIDDEN');
    const bad = await app.request('/api/canned-responses', {
      method: 'POST',
      headers,
      body: JSON.stringify({ shortcut: 'hi', title: '', body: 'x' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.message).toContain('title');
  });

  it('refuses anonymous callers', async () => {
    const res = await app.request('/api/canned-responses');
    expect(res.status).toBe(401);
  });
});
