import { describe, expect, it } from 'vitest';
import { savedViews } from '../../../server/db/schema/index.ts';
import { buildInbound, buildTicket } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld();

const call = (headers: Record<string, string>, method: string, path: string, body?: unknown) =>
  app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
const openEmail = { view: 'all', status: ['new', 'open', 'pending'], channel: ['email'] };

describe('saved views', () => {
  it('saves an agent’s own view with its live count, which follows new tickets', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    await buildTicket(t.ctx, buildInbound({ channel: 'email' }));
    await buildTicket(t.ctx, buildInbound({ channel: 'api' }));
    const res = await call(agent.headers, 'POST', '/api/saved-views', { name: 'Open email', filters: openEmail });
    expect(res.status).toBe(201);
    const { view } = await res.json();
    expect(view).toMatchObject({ name: 'Open email', shared: false, count: 1, position: 0 });
    await buildTicket(t.ctx, buildInbound({ channel: 'email' }));
    const list = await (await call(agent.headers, 'GET', '/api/saved-views')).json();
    expect(list.views.map((v: { name: string; count: number }) => [v.name, v.count])).toEqual([['Open email', 2]]);
  });

  it('counts exactly what the ticket list shows for the same filters', async () => {
    const agent = await buildTokenUser(t.ctx, ['supervisor']);
    for (let i = 0; i < 3; i++) await buildTicket(t.ctx, buildInbound({ channel: 'email', subject: `Refund ${i}` }));
    await buildTicket(t.ctx, buildInbound({ channel: 'email', subject: 'Login' }));
    const filters = { view: 'all', q: 'refund', sort: 'created' };
    const { view } = await (await call(agent.headers, 'POST', '/api/saved-views', { name: 'Refunds', filters })).json();
    const listed = await (await call(agent.headers, 'GET', '/api/tickets?view=all&q=refund')).json();
    expect(view.count).toBe(3);
    expect(listed.tickets).toHaveLength(3);
  });

  it('shows shared views to everyone, personal ones only to their owner', async () => {
    const supervisor = await buildTokenUser(t.ctx, ['supervisor']);
    const a = await buildTokenUser(t.ctx, ['agent']);
    const b = await buildTokenUser(t.ctx, ['agent']);
    expect((await call(supervisor.headers, 'POST', '/api/saved-views', { name: 'Team queue', filters: {}, shared: true })).status).toBe(
      201,
    );
    const mine = (await (await call(a.headers, 'POST', '/api/saved-views', { name: 'A only', filters: {} })).json()).view;
    const names = async (h: Record<string, string>) =>
      ((await (await call(h, 'GET', '/api/saved-views')).json()).views as { name: string }[]).map((v) => v.name);
    expect(await names(a.headers)).toEqual(['Team queue', 'A only']);
    expect(await names(b.headers)).toEqual(['Team queue']);
    expect((await call(b.headers, 'PATCH', `/api/saved-views/${mine.id}`, { name: 'Mine now' })).status).toBe(404);
    expect((await call(b.headers, 'DELETE', `/api/saved-views/${mine.id}`)).status).toBe(404);
  });

  it('renames, reorders and deletes', async () => {
    const a = await buildTokenUser(t.ctx, ['agent']);
    const ids: string[] = [];
    for (const name of ['One', 'Two', 'Three'])
      ids.push((await (await call(a.headers, 'POST', '/api/saved-views', { name, filters: {} })).json()).view.id);
    expect((await (await call(a.headers, 'PATCH', `/api/saved-views/${ids[0]}`, { name: 'First' })).json()).view.name).toBe('First');
    const reordered = await (await call(a.headers, 'PUT', '/api/saved-views/order', { ids: [ids[2], ids[0], ids[1]] })).json();
    expect(reordered.views.map((v: { name: string }) => v.name)).toEqual(['Three', 'First', 'Two']);
    expect((await call(a.headers, 'DELETE', `/api/saved-views/${ids[1]}`)).status).toBe(204);
    expect((await (await call(a.headers, 'GET', '/api/saved-views')).json()).views).toHaveLength(2);
  });

  it('keeps shared views to supervisors and admins, and refuses editors altogether', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const editor = await buildTokenUser(t.ctx, ['editor']);
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const shared = (await (await call(admin.headers, 'POST', '/api/saved-views', { name: 'Shared', filters: {}, shared: true })).json())
      .view;
    const before = await t.ctx.db.select().from(savedViews);
    for (const [method, path, body] of [
      ['POST', '/api/saved-views', { name: 'Mine shared', filters: {}, shared: true }],
      ['PATCH', `/api/saved-views/${shared.id}`, { name: 'Renamed' }],
      ['DELETE', `/api/saved-views/${shared.id}`],
      ['PUT', '/api/saved-views/order', { ids: [shared.id] }],
    ] as const) {
      const res = await call(agent.headers, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await res.json()).error.code).toBe('FORBIDDEN');
    }
    expect((await call(editor.headers, 'GET', '/api/saved-views')).status).toBe(403);
    expect((await call(editor.headers, 'POST', '/api/saved-views', { name: 'E', filters: {} })).status).toBe(403);
    expect(await t.ctx.db.select().from(savedViews)).toEqual(before);
  });

  it('refuses bad input with a message naming the field', async () => {
    const a = await buildTokenUser(t.ctx, ['agent']);
    const bad: Array<[unknown, RegExp]> = [
      [{ name: '  ', filters: {} }, /name/],
      [{ name: 'x'.repeat(81), filters: {} }, /name/],
      [{ name: 'Bad status', filters: { status: ['sleeping'] } }, /filters\.status/],
      [{ name: 'Bad view', filters: { view: 'everything' } }, /filters\.view/],
      [{ name: 'Unknown filter', filters: { colour: 'red' } }, /filters/],
      [{ name: 'No filters' }, /filters/],
    ];
    for (const [body, message] of bad) {
      const res = await call(a.headers, 'POST', '/api/saved-views', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).error.message).toMatch(message);
    }
    const res = await call(a.headers, 'PUT', '/api/saved-views/order', { ids: ['not-an-id'] });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/ids/);
    expect((await call(a.headers, 'PATCH', '/api/saved-views/00000000-0000-4000-8000-000000000000', {})).status).toBe(400);
  });
});
