import { describe, expect, it } from 'vitest';
import { PermanentDeliveryError, type ChannelRegistry } from '../../../channels/types.ts';
import { customers, tickets } from '../../../server/db/schema/index.ts';
import { outboxHandlers } from '../../../server/workers/outbox-handlers.ts';
import { createOutboxWorker } from '../../../server/workers/outbox-worker.ts';
import { buildTeam } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';
import { buildTeamTicket } from '../../support/ticket-world.ts';

const { t, app } = routeWorld();

const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });

describe('/api/customers', () => {
  it('lists, shows and edits a customer; refuses unknown fields and wrong types by name', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const { customerId } = await buildTeamTicket(t.ctx, null, { sender: { externalId: 'rae@example.com', displayName: 'Rae' } });
    const list = await send('GET', '/api/customers?q=rae', agent.headers);
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({ customers: [{ id: customerId, name: 'Rae' }], nextCursor: null });
    const one = await send('GET', `/api/customers/${customerId}`, agent.headers);
    expect(await one.json()).toMatchObject({
      customer: { name: 'Rae' },
      identities: [{ externalId: 'rae@example.com' }],
      tickets: [{ customerId }],
    });

    const unknown = await send('PATCH', `/api/customers/${customerId}`, agent.headers, { name: 'Rae B', vip: true });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('vip');
    const wrong = await send('PATCH', `/api/customers/${customerId}`, agent.headers, { tags: 'vip' });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: { code: 'VALIDATION', details: [expect.objectContaining({ path: 'tags' })] } });
    expect((await t.ctx.db.select({ name: customers.name }).from(customers))[0]!.name).toBe('Rae');

    const ok = await send('PATCH', `/api/customers/${customerId}`, agent.headers, { name: 'Rae B', tags: ['Returning'] });
    expect(await ok.json()).toMatchObject({ customer: { name: 'Rae B', tags: ['returning'] } });
    const editor = await buildTokenUser(t.ctx, ['editor']);
    expect((await send('PATCH', `/api/customers/${customerId}`, editor.headers, { name: 'x' })).status).toBe(403);
    expect((await send('GET', '/api/customers/not-a-uuid', agent.headers)).status).toBe(400);
  });
});

describe('failed deliveries', () => {
  it('shows a failed reply on the message and in /api/outbox/failed, and /api/messages/:id/retry queues it again', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const supervisor = await buildTokenUser(t.ctx, ['supervisor']);
    const { ticketId } = await buildTeamTicket(t.ctx, null, { channel: 'telegram', threadKey: 'chat-5', sender: { externalId: '5' } });
    const replied = await send('POST', `/api/tickets/${ticketId}/reply`, agent.headers, { text: 'Hello from support' });
    const { message } = (await replied.json()) as { message: { id: string } };
    const refusing: ChannelRegistry = {
      api: null,
      email: null,
      widget: null,
      telegram: {
        channel: 'telegram',
        send: async () => Promise.reject(new PermanentDeliveryError('Forbidden: bot was blocked by the user')),
      },
    };
    await createOutboxWorker(t.ctx, { handlers: outboxHandlers(t.ctx, { channels: refusing }), topics: ['message.deliver'] }).drainOnce();

    const detail = (await (await send('GET', `/api/tickets/${ticketId}`, agent.headers)).json()) as {
      messages: { id: string; deliveryStatus: string; deliveryError: string | null }[];
      events: { kind: string }[];
    };
    expect(detail.messages.find((m) => m.id === message.id)).toMatchObject({
      deliveryStatus: 'failed',
      deliveryError: 'Forbidden: bot was blocked by the user',
    });
    expect(detail.events.map((e) => e.kind)).toContain('delivery_failed');

    expect((await send('GET', '/api/outbox/failed', agent.headers)).status).toBe(403);
    const failed = await send('GET', '/api/outbox/failed?topic=message.deliver', supervisor.headers);
    expect(await failed.json()).toMatchObject({
      jobs: [{ topic: 'message.deliver', payload: { messageId: message.id }, lastError: 'Forbidden: bot was blocked by the user' }],
    });

    const outsider = await buildTokenUser(t.ctx, ['agent']);
    await buildTeam(t.ctx, { memberIds: [outsider.user.id] });
    await t.ctx.db.update(tickets).set({ teamId: (await buildTeam(t.ctx, { memberIds: [agent.user.id] })).id });
    const hidden = await send('POST', `/api/messages/${message.id}/retry`, outsider.headers);
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toMatchObject({ error: { message: 'Message not found' } });
    const retried = await send('POST', `/api/messages/${message.id}/retry`, agent.headers);
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ message: { id: message.id, deliveryStatus: 'queued' } });
    const again = await send('POST', `/api/messages/${message.id}/retry`, agent.headers);
    expect(again.status).toBe(409);
    expect(await (await send('GET', '/api/outbox/failed', supervisor.headers)).json()).toMatchObject({ jobs: [] });
  });
});

describe('/api/attachments/:id', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  const html = Buffer.from('<script>alert(document.cookie)</script>');

  it('serves images inline and everything else as a download, to those who may see the ticket', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const outsider = await buildTokenUser(t.ctx, ['agent']);
    const team = await buildTeam(t.ctx, { memberIds: [agent.user.id] });
    await buildTeam(t.ctx, { memberIds: [outsider.user.id] });
    const { ticketId } = await buildTeamTicket(t.ctx, team.id, {
      attachments: [
        { filename: 'screen shot.png', contentType: 'image/png', content: png.toString('base64') },
        { filename: 'фактура "1".html', contentType: 'text/html', content: html.toString('base64') },
      ],
    });
    const detail = (await (await send('GET', `/api/tickets/${ticketId}`, agent.headers)).json()) as {
      messages: { attachments: { filename: string; url: string }[] }[];
    };
    const [image, page] = detail.messages[0]!.attachments;

    const img = await send('GET', image!.url, agent.headers);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(img.headers.get('content-disposition')).toBe(`inline; filename="screen shot.png"; filename*=UTF-8''screen%20shot.png`);
    expect(img.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await img.arrayBuffer())).toEqual(png);

    const doc = await send('GET', page!.url, agent.headers);
    expect(doc.headers.get('content-type')).toBe('application/octet-stream');
    expect(doc.headers.get('content-disposition')).toBe(
      `attachment; filename="_______ _1_.html"; filename*=UTF-8''%D1%84%D0%B0%D0%BA%D1%82%D1%83%D1%80%D0%B0%20%221%22.html`,
    );
    expect(doc.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await doc.arrayBuffer())).toEqual(html);

    expect((await send('GET', image!.url, outsider.headers)).status).toBe(404);
    expect((await app.request(image!.url)).status).toBe(401);
    expect((await send('GET', '/api/attachments/00000000-0000-4000-8000-000000000000', agent.headers)).status).toBe(404);
  });
});
