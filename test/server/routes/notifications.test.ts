import { describe, expect, it } from 'vitest';
import { buildTicket } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld();

async function twoAgents() {
  const lina = await buildTokenUser(t.ctx, ['agent']);
  const wang = await buildTokenUser(t.ctx, ['agent']);
  const { ticketId } = await buildTicket(t.ctx, { subject: 'Refund for order 88' });
  return { lina, wang, ticketId };
}

const note = (headers: Record<string, string>, ticketId: string, text: string) =>
  app.request(`/api/tickets/${ticketId}/notes`, { method: 'POST', headers, body: JSON.stringify({ text }) });

describe('/api/notifications', () => {
  it('lists a mention to the one mentioned only, with the ticket it is about, and counts it unread', async () => {
    const { lina, wang, ticketId } = await twoAgents();
    const res = await note(lina.headers, ticketId, `@${wang.user.name} can you check the refund?`);
    expect(res.status).toBe(201);
    expect((await res.json()).message.meta.mentions).toEqual([{ userId: wang.user.id, name: wang.user.name }]);

    const mine = await (await app.request('/api/notifications', { headers: wang.headers })).json();
    expect(mine.unread).toBe(1);
    expect(mine.items).toEqual([
      expect.objectContaining({ kind: 'mention', ticketId, ticketSubject: 'Refund for order 88', actorName: lina.user.name, readAt: null }),
    ]);
    expect(await (await app.request('/api/notifications/unread-count', { headers: wang.headers })).json()).toEqual({ unread: 1 });
    // The author is not told of their own note; nobody sees another's notifications.
    expect((await (await app.request('/api/notifications', { headers: lina.headers })).json()).items).toEqual([]);
    const theirs = await app.request(`/api/notifications/${mine.items[0].id}/read`, { method: 'POST', headers: lina.headers });
    expect(theirs.status).toBe(404);
    expect((await app.request('/api/notifications/unread-count', { headers: wang.headers }).then((r) => r.json())).unread).toBe(1);
  });

  it('marks one read, then all, and pages newest first', async () => {
    const { lina, wang, ticketId } = await twoAgents();
    for (const n of [1, 2, 3]) expect((await note(lina.headers, ticketId, `@${wang.user.name} look ${n}`)).status).toBe(201);
    const first = await (await app.request('/api/notifications?limit=2', { headers: wang.headers })).json();
    expect(first.items.map((i: { data: { excerpt: string } }) => i.data.excerpt)).toEqual([
      `@${wang.user.name} look 3`,
      `@${wang.user.name} look 2`,
    ]);
    const second = await (await app.request(`/api/notifications?limit=2&before=${first.nextBefore}`, { headers: wang.headers })).json();
    expect(second.items.map((i: { data: { excerpt: string } }) => i.data.excerpt)).toEqual([`@${wang.user.name} look 1`]);
    expect(second.nextBefore).toBeNull();

    const read = await app.request(`/api/notifications/${first.items[0].id}/read`, { method: 'POST', headers: wang.headers });
    expect(read.status).toBe(200);
    expect((await app.request('/api/notifications/unread-count', { headers: wang.headers }).then((r) => r.json())).unread).toBe(2);
    const unreadOnly = await (await app.request('/api/notifications?unread=true', { headers: wang.headers })).json();
    expect(unreadOnly.items).toHaveLength(2);
    const all = await app.request('/api/notifications/read-all', { method: 'POST', headers: wang.headers, body: '{}' });
    expect(await all.json()).toEqual({ marked: 2 });
    expect((await app.request('/api/notifications/unread-count', { headers: wang.headers }).then((r) => r.json())).unread).toBe(0);
  });

  it('refuses bad paging input naming the field, and anyone signed out', async () => {
    const { headers } = await buildTokenUser(t.ctx, ['agent']);
    const bad = await app.request('/api/notifications?limit=0', { headers });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain('limit');
    const cursor = await app.request('/api/notifications?before=yesterday', { headers });
    expect(cursor.status).toBe(400);
    expect((await cursor.json()).error.message).toContain('before');
    expect((await app.request('/api/notifications')).status).toBe(401);
    expect((await app.request('/api/notifications/not-an-id/read', { method: 'POST', headers })).status).toBe(404);
  });
});

describe('/api/me/notification-settings', () => {
  it('keeps each user’s own choice of kinds by email and refuses what is not true or false', async () => {
    const { headers } = await buildTokenUser(t.ctx, ['agent']);
    const other = await buildTokenUser(t.ctx, ['agent']);
    const start = await (await app.request('/api/me/notification-settings', { headers })).json();
    expect(start).toEqual({
      mention: false,
      assignment: false,
      sla: false,
      follow: false,
      snooze: false,
      webhook: false,
      automation: false,
    });
    const set = await app.request('/api/me/notification-settings', { method: 'PATCH', headers, body: JSON.stringify({ mention: true }) });
    expect(await set.json()).toMatchObject({ mention: true, assignment: false });
    expect((await (await app.request('/api/me/notification-settings', { headers: other.headers })).json()).mention).toBe(false);
    const bad = await app.request('/api/me/notification-settings', { method: 'PATCH', headers, body: JSON.stringify({ mention: 'yes' }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain('mention');
    const unknown = await app.request('/api/me/notification-settings', {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ birthday: true }),
    });
    expect(unknown.status).toBe(400);
  });
});
