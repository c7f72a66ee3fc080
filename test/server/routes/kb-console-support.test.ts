import { describe, expect, it } from 'vitest';
import { buildTicket } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { buildArticle, drainKbOutbox } from '../../support/kb.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld();

const call = async (headers: Record<string, string>, method: string, path: string, body?: unknown) => {
  const res = await app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
};

describe('editor preview (POST /api/kb/preview)', () => {
  it('renders Markdown through the help center’s sanitising pipeline', async () => {
    const { headers } = await buildTokenUser(t.ctx, ['editor']);
    const res = await call(headers, 'POST', '/api/kb/preview', {
      body: '# Title\n\n**bold** <script>alert(1)</script> <a href="javascript:alert(1)">x</a> <img src=x onerror=alert(1)>',
    });
    expect(res.status).toBe(200);
    expect(res.body.html).toContain('<h1>Title</h1>');
    expect(res.body.html).toContain('<strong>bold</strong>');
    expect(res.body.html).not.toContain('<script');
    expect(res.body.html).not.toContain('javascript:');
    expect(res.body.html).not.toContain('onerror');
  });

  it('refuses agents (403) and names a bad field (400)', async () => {
    const agent = await buildTokenUser(t.ctx, ['agent']);
    expect((await call(agent.headers, 'POST', '/api/kb/preview', { body: 'x' })).status).toBe(403);
    const editor = await buildTokenUser(t.ctx, ['editor']);
    const bad = await call(editor.headers, 'POST', '/api/kb/preview', { body: 42 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('body');
    expect(
      (await app.request('/api/kb/preview', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status,
    ).toBe(401);
  });
});

describe('articles linked to a ticket (GET /api/tickets/{id}/article-links)', () => {
  it('lists what the agent inserted and what solved the ticket, not mere suggestions', async () => {
    const article = await buildArticle(t.ctx, { title: 'Reset the router', body: 'Hold the reset button for ten seconds.' });
    await buildArticle(t.ctx, { title: 'Router lights explained', body: 'Router lights: green means online.' });
    await drainKbOutbox(t.ctx);
    const { ticketId } = await buildTicket(t.ctx, { subject: 'Router offline', text: 'The router is offline' });
    const ticket = { id: ticketId };
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const path = `/api/tickets/${ticket.id}`;
    expect((await call(agent.headers, 'GET', `${path}/article-links`)).body).toEqual({ ticketId: ticket.id, links: [] });
    expect((await call(agent.headers, 'POST', `${path}/suggestions/${article.id}/inserted`)).body.recorded).toBe(true);
    expect((await call(agent.headers, 'POST', `${path}/suggestions/${article.id}/solved`)).body.recorded).toBe(true);
    const links = (await call(agent.headers, 'GET', `${path}/article-links`)).body.links;
    expect(links.map((l: { kind: string; title: string }) => [l.kind, l.title])).toEqual([
      ['inserted', 'Reset the router'],
      ['solved', 'Reset the router'],
    ]);
    const stats = (await call(agent.headers, 'GET', `/api/kb/articles/${article.id}/stats`)).body;
    expect(stats.totals).toMatchObject({ inserted: 1, solved: 1 });
  });

  it('is refused to editors without an agent role and 404 for a ticket the agent cannot see', async () => {
    const { ticketId } = await buildTicket(t.ctx);
    const ticket = { id: ticketId };
    const editor = await buildTokenUser(t.ctx, ['editor']);
    expect((await call(editor.headers, 'GET', `/api/tickets/${ticket.id}/article-links`)).status).toBe(403);
    const agent = await buildTokenUser(t.ctx, ['agent']);
    expect((await call(agent.headers, 'GET', '/api/tickets/00000000-0000-4000-8000-000000000000/article-links')).status).toBe(404);
  });
});

describe('editor list filters (GET /api/kb/articles)', () => {
  it('filters by an exact tag, case-insensitively, next to the other filters', async () => {
    const a = await buildArticle(t.ctx, { title: 'Router lights', tags: ['router', 'lights'] });
    await buildArticle(t.ctx, { title: 'Routers compared', tags: ['routers'] });
    await buildArticle(t.ctx, { title: 'Router draft', tags: ['router'], status: 'draft' });
    const editor = await buildTokenUser(t.ctx, ['editor']);
    const titles = async (qs: string) =>
      (await call(editor.headers, 'GET', `/api/kb/articles?${qs}`)).body.articles.map((x: { title: string }) => x.title).sort();
    expect(await titles('tag=Router')).toEqual(['Router draft', 'Router lights']);
    expect(await titles('tag=router&status=published')).toEqual(['Router lights']);
    expect(await titles(`tag=router&categoryId=${a.categoryId ?? '00000000-0000-4000-8000-000000000000'}`)).toEqual([]);
  });
});

describe('public knowledge-base API from other sites (the chat widget)', () => {
  it('answers cross-origin searches and preflights without credentials', async () => {
    await buildArticle(t.ctx, { title: 'Pair a Bluetooth headset', body: 'Hold the pairing button for five seconds.' });
    await drainKbOutbox(t.ctx);
    const origin = 'https://shop.example.com';
    const res = await app.request('/api/public/kb/search?q=pair%20headset&locale=en', { headers: { origin } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(((await res.json()) as any).hits[0].title.text).toBe('Pair a Bluetooth headset');
    const pre = await app.request('/api/public/kb/articles/x/deflections', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    // Signed-in routes stay same-origin only.
    const inner = await app.request('/api/kb/articles', { headers: { origin } });
    expect(inner.headers.get('access-control-allow-origin')).toBeNull();
  });
});
