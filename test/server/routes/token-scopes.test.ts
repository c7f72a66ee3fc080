import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiTokens, auditLog, inboxes, messages, tickets } from '../../../server/db/schema/index.ts';
import { buildPasswordUser, signIn } from '../../support/auth.ts';
import { buildInbound, buildTeam, buildUser } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld();

const json = (method: string, headers: Record<string, string>, body?: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: body === undefined ? undefined : JSON.stringify(body),
});
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function signedIn(
  roles: Parameters<typeof buildPasswordUser>[1] extends infer O ? (O extends { roles?: infer R } ? R : never) : never,
) {
  const u = await buildPasswordUser(t.ctx, { roles });
  return { ...u, session: await signIn(app, u.email, u.password) };
}

describe('API token scopes', () => {
  it('a token is read and write unless chosen otherwise; a read-only token is refused writes with the scope named', async () => {
    const { session } = await signedIn(['supervisor']);
    const plain = await (await app.request('/api/me/tokens', json('POST', session.headers, { name: 'default' }))).json();
    expect(plain.apiToken.scopes).toEqual(['read', 'write']);
    const res = await app.request('/api/me/tokens', json('POST', session.headers, { name: 'dashboard', scopes: ['read'] }));
    expect(res.status).toBe(201);
    const { token, apiToken } = await res.json();
    expect(apiToken.scopes).toEqual(['read']);
    expect((await app.request('/api/teams', { headers: bearer(token) })).status).toBe(200);
    const write = await app.request('/api/teams', json('POST', bearer(token), { name: 'Night shift' }));
    expect(write.status).toBe(403);
    expect((await write.json()).error.message).toMatch(/lacks the "write" scope \(it has: read\)/);
    const ingest = await app.request('/api/ingest', json('POST', bearer(plain.token), buildInbound()));
    expect(ingest.status).toBe(403);
    expect((await ingest.json()).error.message).toMatch(/lacks the "ingest" scope/);
    expect(await t.ctx.db.$count(tickets)).toBe(0);
  });

  it('only an admin grants the ingest scope: to themselves, or on a token for another user (an integration user)', async () => {
    const agent = await signedIn(['agent']);
    const refused = await app.request('/api/me/tokens', json('POST', agent.session.headers, { name: 'shop', scopes: ['ingest'] }));
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toMatch(/Only an admin can create a token with the ingest scope/);
    const integration = await buildUser(t.ctx, { roles: ['agent'], name: 'Shop integration' });
    const other = await app.request(`/api/users/${integration.id}/tokens`, json('POST', agent.session.headers, { name: 'x' }));
    expect(other.status).toBe(403);

    const admin = await signedIn(['admin']);
    const res = await app.request(
      `/api/users/${integration.id}/tokens`,
      json('POST', admin.session.headers, { name: 'Shop orders', scopes: ['ingest'], expiresInDays: 365 }),
    );
    expect(res.status).toBe(201);
    const { token, apiToken } = await res.json();
    expect(apiToken).toMatchObject({ name: 'Shop orders', scopes: ['ingest'] });
    const [row] = await t.ctx.db.select().from(apiTokens).where(eq(apiTokens.id, apiToken.id));
    expect(row!.userId).toBe(integration.id);
    expect((await app.request('/api/ingest', json('POST', bearer(token), buildInbound()))).status).toBe(201);
    // Ingest only: it reads nothing else.
    expect((await app.request('/api/tickets', { headers: bearer(token) })).status).toBe(403);
    const listed = await (await app.request(`/api/users/${integration.id}/tokens`, { headers: admin.session.headers })).json();
    expect(listed.tokens.map((x: { name: string }) => x.name)).toEqual(['Shop orders']);
    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'api_token.created'));
    expect(audit.at(-1)).toMatchObject({ actorId: admin.user.id, data: { scopes: ['ingest'], ownerId: integration.id } });
  });
});

describe('ingest stays within what the caller may see (the team-crossing fault)', () => {
  async function twoTeams() {
    const a = await buildTokenUser(t.ctx, ['agent']);
    const teamA = await buildTeam(t.ctx, { memberIds: [a.user.id] });
    const teamB = await buildTeam(t.ctx);
    const [inboxB] = await t.ctx.db.insert(inboxes).values({ channel: 'api', name: 'B orders', teamId: teamB.id }).returning();
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const first = buildInbound({ threadKey: 'order-1234', inboxId: inboxB!.id, text: 'Where is order 1234?' });
    const opened = await (await app.request('/api/ingest', json('POST', admin.headers, first))).json();
    return { a, teamA, opened, first };
  }

  it("an agent's token cannot append to another team's ticket by guessing its thread key, and learns nothing of it", async () => {
    const { a, opened } = await twoTeams();
    const res = await app.request('/api/ingest', json('POST', a.headers, buildInbound({ threadKey: 'order-1234', text: 'injected' })));
    expect(res.status).toBe(403);
    const body = await res.text();
    expect(body).toMatch(/threadKey belongs to a conversation you cannot see/);
    expect(body).not.toContain(opened.ticketId);
    expect(body).not.toContain(opened.customerId);
    expect(body).not.toMatch(new RegExp(`\\b${opened.ticketNumber}\\b`));
    expect(await t.ctx.db.$count(messages, eq(messages.ticketId, opened.ticketId))).toBe(1);
    expect((await app.request(`/api/tickets/${opened.ticketId}`, { headers: a.headers })).status).toBe(404);
  });

  it('replaying a message id stored on a ticket the caller cannot see is refused without its id, number or customer', async () => {
    const { a, opened, first } = await twoTeams();
    const replay = await app.request('/api/ingest', json('POST', a.headers, { ...first, inboxId: undefined }));
    expect(replay.status).toBe(403);
    const body = await replay.text();
    expect(body).toMatch(/externalMessageId was already used in a conversation you cannot see/);
    expect(body).not.toContain(opened.ticketId);
    expect(body).not.toContain(opened.customerId);
  });

  it('the same agent still feeds its own team’s and team-less conversations, and a replay there answers as before', async () => {
    const { a } = await twoTeams();
    const msg = buildInbound({ threadKey: 'order-77', text: 'first' });
    const created = await app.request('/api/ingest', json('POST', a.headers, msg));
    expect(created.status).toBe(201);
    const again = await app.request('/api/ingest', json('POST', a.headers, msg));
    expect(again.status).toBe(200);
    expect((await again.json()).duplicate).toBe(true);
    const follow = await app.request('/api/ingest', json('POST', a.headers, buildInbound({ threadKey: 'order-77', text: 'second' })));
    expect(follow.status).toBe(201);
    expect((await follow.json()).ticketId).toBe((await created.json()).ticketId);
  });
});
