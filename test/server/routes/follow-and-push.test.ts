import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tickets } from '../../../server/db/schema/index.ts';
import { buildInbound, buildTeam, buildTicket } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';
import { ingest } from '../../../server/services/tickets/ingest.ts';

const { t, app } = routeWorld();

const kinds = async (headers: Record<string, string>) =>
  (
    (await (await app.request('/api/notifications', { headers })).json()).items as Array<{ kind: string; data: Record<string, unknown> }>
  ).map((n) => `${n.kind}:${String(n.data.event)}`);

describe('/api/tickets/{id}/followers/me', () => {
  it('follows a ticket: the customer’s next message and a colleague’s status change notify, one’s own change does not', async () => {
    const lina = await buildTokenUser(t.ctx, ['agent']);
    const wang = await buildTokenUser(t.ctx, ['agent']);
    const first = buildInbound({ subject: 'Broken kettle' });
    const { ticketId } = await ingest(t.ctx, first);
    const put = await app.request(`/api/tickets/${ticketId}/followers/me`, { method: 'PUT', headers: lina.headers });
    expect(await put.json()).toEqual({ following: true, followers: [{ id: lina.user.id, name: lina.user.name }] });

    await ingest(t.ctx, { ...first, externalMessageId: `${first.externalMessageId}-2`, text: 'Any news?' });
    const hold = await app.request(`/api/tickets/${ticketId}/hold`, { method: 'POST', headers: wang.headers });
    expect(hold.status).toBe(200);
    const resolve = await app.request(`/api/tickets/${ticketId}/resolve`, { method: 'POST', headers: lina.headers });
    expect(resolve.status).toBe(200);
    expect(await kinds(lina.headers)).toEqual(['follow:status', 'follow:message']);

    const del = await app.request(`/api/tickets/${ticketId}/followers/me`, { method: 'DELETE', headers: lina.headers });
    expect(await del.json()).toEqual({ following: false, followers: [] });
    await ingest(t.ctx, { ...first, externalMessageId: `${first.externalMessageId}-3`, text: 'Still broken' });
    expect(await kinds(lina.headers)).toHaveLength(2);
  });

  it('answers 404 for a ticket the user may not see, 403 without an agent role, 400 for a bad id', async () => {
    const outsider = await buildTokenUser(t.ctx, ['agent']);
    const editor = await buildTokenUser(t.ctx, ['editor']);
    const member = await buildTokenUser(t.ctx, ['agent']);
    const team = await buildTeam(t.ctx, { memberIds: [member.user.id] });
    const { ticketId } = await buildTicket(t.ctx);
    await t.ctx.db.update(tickets).set({ teamId: team.id }).where(eq(tickets.id, ticketId));
    expect((await app.request(`/api/tickets/${ticketId}/followers/me`, { method: 'PUT', headers: outsider.headers })).status).toBe(404);
    expect((await app.request(`/api/tickets/${ticketId}/followers/me`, { method: 'PUT', headers: editor.headers })).status).toBe(403);
    expect((await app.request(`/api/tickets/${ticketId}/followers/me`, { method: 'PUT', headers: member.headers })).status).toBe(200);
    const bad = await app.request('/api/tickets/42/followers/me', { method: 'PUT', headers: member.headers });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain('id');
  });
});

const subscription = {
  endpoint: 'https://push.example.test/send/abc123',
  keys: {
    p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url'),
    auth: Buffer.alloc(16, 1).toString('base64url'),
  },
};

describe('/api/push-subscriptions', () => {
  it('gives the installation’s VAPID key, stores this device, and removes it by endpoint for its owner only', async () => {
    const lina = await buildTokenUser(t.ctx, ['agent']);
    const wang = await buildTokenUser(t.ctx, ['agent']);
    const listed = await (await app.request('/api/push-subscriptions', { headers: lina.headers })).json();
    expect(Buffer.from(listed.publicKey, 'base64url')).toHaveLength(65);
    expect(listed.subscriptions).toEqual([]);
    // The same key for everyone (and every node): it lives in the database.
    expect((await (await app.request('/api/push-subscriptions', { headers: wang.headers })).json()).publicKey).toBe(listed.publicKey);

    const added = await app.request('/api/push-subscriptions', {
      method: 'POST',
      headers: lina.headers,
      body: JSON.stringify(subscription),
    });
    expect(added.status).toBe(200);
    expect((await added.json()).subscription).toMatchObject({ endpoint: subscription.endpoint });
    const notTheirs = await app.request('/api/push-subscriptions', {
      method: 'DELETE',
      headers: wang.headers,
      body: JSON.stringify({ endpoint: subscription.endpoint }),
    });
    expect(await notTheirs.json()).toEqual({ removed: 0 });
    expect((await (await app.request('/api/push-subscriptions', { headers: lina.headers })).json()).subscriptions).toHaveLength(1);
    const removed = await app.request('/api/push-subscriptions', {
      method: 'DELETE',
      headers: lina.headers,
      body: JSON.stringify({ endpoint: subscription.endpoint }),
    });
    expect(await removed.json()).toEqual({ removed: 1 });
  });

  it('refuses a subscription that is not a browser push service’s, naming the field', async () => {
    const { headers } = await buildTokenUser(t.ctx, ['agent']);
    const post = (body: unknown) => app.request('/api/push-subscriptions', { method: 'POST', headers, body: JSON.stringify(body) });
    const http = await post({ ...subscription, endpoint: 'http://push.example.test/x' });
    expect(http.status).toBe(400);
    expect((await http.json()).error.message).toContain('endpoint');
    const shortKey = await post({ ...subscription, keys: { ...subscription.keys, p256dh: 'AAAA' } });
    expect(shortKey.status).toBe(400);
    expect((await shortKey.json()).error.message).toContain('keys.p256dh');
    const noAuth = await post({ endpoint: subscription.endpoint, keys: { p256dh: subscription.keys.p256dh } });
    expect(noAuth.status).toBe(400);
    expect((await noAuth.json()).error.message).toContain('keys.auth');
    const editor = await buildTokenUser(t.ctx, ['editor']);
    const refused = await app.request('/api/push-subscriptions', {
      method: 'POST',
      headers: editor.headers,
      body: JSON.stringify(subscription),
    });
    expect(refused.status).toBe(403);
  });
});
