import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiTokens, auditLog, users } from '../../../server/db/schema/index.ts';
import { sha256Hex } from '../../../server/services/auth/secrets.ts';
import { buildPasswordUser, signIn } from '../../support/auth.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld();

const json = (method: string, headers: Record<string, string>, body?: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: body === undefined ? undefined : JSON.stringify(body),
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated write without X-CSRF-Token, and writes nothing', async () => {
    const { email, password } = await buildPasswordUser(t.ctx, { roles: ['admin'] });
    const s = await signIn(app, email, password);
    const res = await app.request('/api/teams', json('POST', { cookie: s.cookie }, { name: 'Billing' }));
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: 'FORBIDDEN' });
    expect(body.error.message).toMatch(/X-CSRF-Token/);
    const wrong = await app.request('/api/teams', json('POST', { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(43) }, { name: 'Billing' }));
    expect(wrong.status).toBe(403);
    expect((await app.request('/api/teams', { headers: { cookie: s.cookie } }).then((r) => r.json())).teams).toEqual([]);
  });

  it('accepts the write with the session token, and reads never need it', async () => {
    const { email, password } = await buildPasswordUser(t.ctx, { roles: ['admin'] });
    const s = await signIn(app, email, password);
    expect((await app.request('/api/teams', { headers: { cookie: s.cookie } })).status).toBe(200);
    expect((await app.request('/api/teams', json('POST', s.headers, { name: 'Billing' }))).status).toBe(201);
  });

  it("does not accept another session's token", async () => {
    const a = await buildPasswordUser(t.ctx, { roles: ['admin'] });
    const b = await buildPasswordUser(t.ctx, { roles: ['admin'] });
    const sa = await signIn(app, a.email, a.password);
    const sb = await signIn(app, b.email, b.password);
    const res = await app.request('/api/teams', json('POST', { cookie: sa.cookie, 'x-csrf-token': sb.csrfToken }, { name: 'X' }));
    expect(res.status).toBe(403);
  });

  it('is not needed with an API token', async () => {
    const { headers } = await buildTokenUser(t.ctx, ['admin']);
    expect((await app.request('/api/teams', json('POST', headers, { name: 'Billing' }))).status).toBe(201);
  });
});

describe('API tokens', () => {
  it("creates a token shown once, which then acts as its user with the user's roles", async () => {
    const { email, password, user } = await buildPasswordUser(t.ctx, { roles: ['supervisor'] });
    const s = await signIn(app, email, password);
    const res = await app.request('/api/me/tokens', json('POST', s.headers, { name: 'CRM sync' }));
    expect(res.status).toBe(201);
    const { token, apiToken } = await res.json();
    expect(token).toMatch(/^sbt_[\w-]{43}$/);
    expect(apiToken).toMatchObject({ name: 'CRM sync', prefix: token.slice(0, 12), lastUsedAt: null });
    const [row] = await t.ctx.db.select().from(apiTokens).where(eq(apiTokens.id, apiToken.id));
    expect(row!.tokenHash).toBe(sha256Hex(token));

    const bearer = { authorization: `Bearer ${token}` };
    const me = await app.request('/api/auth/me', { headers: bearer });
    expect((await me.json()).user).toMatchObject({ id: user.id, roles: ['supervisor'] });
    // A supervisor may create teams, through the token too.
    expect((await app.request('/api/teams', json('POST', bearer, { name: 'Night shift' }))).status).toBe(201);
    // ...but not users: the token has the user's roles, no more.
    const denied = await app.request(
      '/api/users',
      json('POST', bearer, { email: 'x@example.com', name: 'X', roles: ['agent'], password: 'long enough pw' }),
    );
    expect(denied.status).toBe(403);

    const list = await (await app.request('/api/me/tokens', { headers: { cookie: s.cookie } })).json();
    expect(list.tokens).toHaveLength(1);
    expect(list.tokens[0].lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list)).not.toContain(token);
    expect(JSON.stringify(list)).not.toContain(row!.tokenHash);
  });

  it('revokes a token: it is refused at once and audited', async () => {
    const { user, token, headers } = await buildTokenUser(t.ctx, ['agent']);
    const [row] = await t.ctx.db.select().from(apiTokens).where(eq(apiTokens.userId, user.id));
    expect((await app.request('/api/teams', { headers })).status).toBe(200);
    const del = await app.request(`/api/me/tokens/${row!.id}`, { method: 'DELETE', headers });
    expect(del.status).toBe(204);
    const after = await app.request('/api/teams', { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
    expect((await after.json()).error.message).toMatch(/revoked/);
    const audit = await t.ctx.db.select().from(auditLog);
    expect(audit.map((a) => [a.action, a.actorId, a.targetId])).toEqual([['api_token.revoked', user.id, row!.id]]);
  });

  it("does not let one user revoke another user's token", async () => {
    const owner = await buildTokenUser(t.ctx, ['agent']);
    const other = await buildTokenUser(t.ctx, ['agent']);
    const [row] = await t.ctx.db.select().from(apiTokens).where(eq(apiTokens.userId, owner.user.id));
    expect((await app.request(`/api/me/tokens/${row!.id}`, { method: 'DELETE', headers: other.headers })).status).toBe(404);
    expect((await app.request('/api/auth/me', { headers: owner.headers })).status).toBe(200);
  });

  it('does not let a token mint more tokens', async () => {
    const { headers } = await buildTokenUser(t.ctx, ['admin']);
    const res = await app.request('/api/me/tokens', json('POST', headers, { name: 'more' }));
    expect(res.status).toBe(403);
    expect(await t.ctx.db.$count(apiTokens)).toBe(1);
  });

  it('stops working when its user is deactivated, or when it expires', async () => {
    const { user, headers } = await buildTokenUser(t.ctx, ['agent']);
    await t.ctx.db.update(users).set({ active: false }).where(eq(users.id, user.id));
    expect((await app.request('/api/teams', { headers })).status).toBe(401);

    const { email, password } = await buildPasswordUser(t.ctx);
    const s = await signIn(app, email, password);
    const { token } = await (await app.request('/api/me/tokens', json('POST', s.headers, { name: 'short', expiresInDays: 1 }))).json();
    expect((await app.request('/api/teams', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    t.clock.advance(86_400_000 + 1000);
    expect((await app.request('/api/teams', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it('refuses a malformed token or name with a clear error', async () => {
    expect((await app.request('/api/teams', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    const { email, password } = await buildPasswordUser(t.ctx);
    const s = await signIn(app, email, password);
    const res = await app.request('/api/me/tokens', json('POST', s.headers, { name: '' }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0].path).toBe('name');
  });
});
