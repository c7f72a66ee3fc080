import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, webhookSubscriptions } from '../../../server/db/schema/index.ts';
import { buildTicket } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';
import { createWebhookWorker } from '../../../server/workers/webhook-worker.ts';

const { t, app } = routeWorld({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_TIMEOUT_SECONDS: '1' });
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver?.stop());

type ErrorBody = { error: { code: string; message: string; details?: Array<{ path: string }> } };
type Hook = { id: string; name: string; url: string; events: string[]; enabled: boolean };
type Delivery = {
  id: string;
  event: string;
  status: string;
  lastStatusCode: number | null;
  log: Array<{ statusCode: number | null; manual: boolean }>;
};

const post = (path: string, headers: Record<string, string>, body?: unknown) =>
  app.request(path, { method: 'POST', headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

describe('/api/webhooks', () => {
  it('an admin creates a subscription, sees its secret once, lists, pings, reads the log, rotates, edits and deletes it — audited', async () => {
    receiver.reset();
    const { headers } = await buildTokenUser(t.ctx, ['admin']);
    const created = await post('/api/webhooks', headers, {
      name: 'CRM',
      url: receiver.url,
      events: ['ticket.created', 'message.customer'],
    });
    expect(created.status).toBe(201);
    const { webhook, secret } = (await created.json()) as { webhook: Hook; secret: string };
    expect(secret).toMatch(/^whsec_[\w-]{40,}$/);
    expect(webhook).toMatchObject({ name: 'CRM', url: receiver.url, enabled: true });
    receiver.secret = secret;

    const listed = (await (await app.request('/api/webhooks', { headers })).json()) as { webhooks: Hook[]; events: string[] };
    expect(listed.webhooks.map((w) => w.id)).toEqual([webhook.id]);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(listed.events).toContain('sla.breached');
    const [stored] = await t.ctx.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, webhook.id));
    expect(stored!.secret).not.toContain(secret.slice(6));
    expect(t.ctx.secrets.open(stored!.secret)).toBe(secret);

    const ping = (await (await post(`/api/webhooks/${webhook.id}/ping`, headers)).json()) as { delivery: Delivery };
    expect(ping.delivery).toMatchObject({ event: 'ping', status: 'delivered', lastStatusCode: 200 });
    expect(receiver.received[0]).toMatchObject({ event: 'ping', verified: true });

    await buildTicket(t.ctx);
    await createWebhookWorker(t.ctx).drainOnce();
    const page = (await (await app.request(`/api/webhooks/${webhook.id}/deliveries?limit=2`, { headers })).json()) as {
      deliveries: Delivery[];
      nextCursor: string | null;
    };
    expect(page.deliveries).toHaveLength(2);
    expect(page.deliveries.every((d) => d.status === 'delivered' && d.log[0]!.statusCode === 200)).toBe(true);
    const rest = (await (await app.request(`/api/webhooks/${webhook.id}/deliveries?before=${page.nextCursor}`, { headers })).json()) as {
      deliveries: Delivery[];
      nextCursor: string | null;
    };
    expect(rest.deliveries.map((d) => d.event)).toEqual(['ping']);
    expect(rest.nextCursor).toBeNull();

    const redone = (await (await post(`/api/webhooks/deliveries/${rest.deliveries[0]!.id}/redeliver`, headers)).json()) as {
      delivery: Delivery;
    };
    expect(redone.delivery.log.map((a) => a.manual)).toEqual([true, true]);

    const rotated = (await (await post(`/api/webhooks/${webhook.id}/rotate-secret`, headers)).json()) as { secret: string };
    expect(rotated.secret).not.toBe(secret);
    receiver.reset();
    await post(`/api/webhooks/${webhook.id}/ping`, headers);
    expect(receiver.received[0]!.verified).toBe(false);
    receiver.secret = rotated.secret;
    await post(`/api/webhooks/${webhook.id}/ping`, headers);
    expect(receiver.received[1]!.verified).toBe(true);

    const off = await app.request(`/api/webhooks/${webhook.id}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ enabled: false, events: ['note.added'] }),
    });
    expect(((await off.json()) as { webhook: Hook }).webhook).toMatchObject({ enabled: false, events: ['note.added'] });
    expect((await app.request(`/api/webhooks/${webhook.id}`, { method: 'DELETE', headers })).status).toBe(204);
    expect((await app.request(`/api/webhooks/${webhook.id}`, { headers })).status).toBe(404);

    const actions = (await t.ctx.db.select().from(auditLog).where(eq(auditLog.targetId, webhook.id))).map((a) => a.action).sort();
    expect(actions).toEqual(
      [
        'webhook.created',
        'webhook.deleted',
        'webhook.pinged',
        'webhook.pinged',
        'webhook.pinged',
        'webhook.redelivered',
        'webhook.secret_rotated',
        'webhook.updated',
      ].sort(),
    );
  });

  it('refuses supervisors and agents (403) on every route', async () => {
    const { headers: adminHeaders } = await buildTokenUser(t.ctx, ['admin']);
    const { webhook } = (await (
      await post('/api/webhooks', adminHeaders, { name: 'X', url: receiver.url, events: ['note.added'] })
    ).json()) as { webhook: Hook };
    for (const role of ['supervisor', 'agent'] as const) {
      const { headers } = await buildTokenUser(t.ctx, [role]);
      const answers = await Promise.all([
        app.request('/api/webhooks', { headers }),
        post('/api/webhooks', headers, { name: 'X', url: receiver.url, events: ['note.added'] }),
        app.request(`/api/webhooks/${webhook.id}`, { method: 'PATCH', headers, body: JSON.stringify({ enabled: false }) }),
        app.request(`/api/webhooks/${webhook.id}`, { method: 'DELETE', headers }),
        post(`/api/webhooks/${webhook.id}/rotate-secret`, headers),
        post(`/api/webhooks/${webhook.id}/ping`, headers),
        app.request(`/api/webhooks/${webhook.id}/deliveries`, { headers }),
      ]);
      expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
    }
    expect((await app.request('/api/webhooks')).status).toBe(401);
  });

  it('answers 400 naming the field for a bad URL, scheme or event, and nothing to change', async () => {
    const { headers } = await buildTokenUser(t.ctx, ['admin']);
    const cases: Array<[unknown, string, RegExp]> = [
      [{ name: 'X', url: 'ftp://example.com/x', events: ['note.added'] }, 'url', /http/],
      [{ name: 'X', url: 'not a url', events: ['note.added'] }, 'url', /URL/],
      [{ name: 'X', url: 'https://u:p@example.com/', events: ['note.added'] }, 'url', /credentials/],
      [{ name: 'X', url: 'https://example.com/', events: ['ticket.exploded'] }, 'events', /events/],
      [{ name: 'X', url: 'https://example.com/', events: [] }, 'events', /event/],
      [{ name: '', url: 'https://example.com/', events: ['note.added'] }, 'name', /name/],
    ];
    for (const [body, path, message] of cases) {
      const res = await post('/api/webhooks', headers, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const { error } = (await res.json()) as ErrorBody;
      expect(error.message, JSON.stringify(body)).toMatch(message);
      expect(JSON.stringify(error.details), JSON.stringify(body)).toContain(path);
    }
    expect((await post('/api/webhooks/deliveries/00000000-0000-4000-8000-000000000000/redeliver', headers)).status).toBe(404);
  });
});
