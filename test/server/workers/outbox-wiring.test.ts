import { describe, expect, it } from 'vitest';
import { buildInbound } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { serverWorld } from '../../support/server-world.ts';

const { server } = serverWorld({ OUTBOX_POLL_MS: '60000' });

describe('the running server', () => {
  it('delivers an API-channel reply through the outbox worker it starts, without waiting for a poll', async () => {
    const { headers } = await buildTokenUser(server.ctx, ['agent']);
    const call = (path: string, body?: unknown) =>
      fetch(`${server.url}${path}`, { method: body ? 'POST' : 'GET', headers, body: body ? JSON.stringify(body) : undefined });
    const ingested = (await (await call('/api/ingest', buildInbound({ text: 'Is my refund through?' }))).json()) as { ticketId: string };
    const sent = await call(`/api/tickets/${ingested.ticketId}/reply`, { text: 'Yes, today.' });
    expect(sent.status).toBe(201);
    const { message } = (await sent.json()) as { message: { id: string; deliveryStatus: string } };
    expect(message.deliveryStatus).toBe('queued');

    const deadline = Date.now() + 15_000;
    let status = 'queued';
    while (status !== 'sent') {
      if (Date.now() > deadline) throw new Error(`reply still ${status} after 15 s (poll interval is 60 s)`);
      await new Promise((r) => setTimeout(r, 50));
      const detail = (await (await call(`/api/tickets/${ingested.ticketId}`)).json()) as {
        messages: { id: string; deliveryStatus: string }[];
      };
      status = detail.messages.find((m) => m.id === message.id)!.deliveryStatus;
    }
    expect(status).toBe('sent');
  });
});
