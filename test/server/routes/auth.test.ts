import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions, users } from '../../../server/db/schema/index.ts';
import { sha256Hex } from '../../../server/services/auth/secrets.ts';
import { buildPasswordUser, fromIp, sessionCookieOf, signIn } from '../../support/auth.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld({ LOGIN_MAX_ATTEMPTS: '3', LOGIN_WINDOW_MINUTES: '15' });

const post = (path: string, body: unknown, headers: Record<string, string> = {}, ip = '10.0.0.1') =>
  app.request(
    path,
    { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) },
    fromIp(ip),
  );
const login = (email: string, password: string, ip?: string, headers?: Record<string, string>) =>
  post('/api/auth/login', { email, password }, headers, ip);

describe('login', () => {
  it('signs in with email (any case, padded) and password, and /me answers with the user', async () => {
    const { email, password, user } = await buildPasswordUser(t.ctx, { roles: ['agent', 'editor'] });
    const res = await login(`  ${email.toUpperCase()} `, password);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.user).toMatchObject({ id: user.id, email, roles: ['agent', 'editor'] });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(body.csrfToken).toMatch(/^[\w-]{43}$/);
    const cookie = sessionCookieOf(res)!;
    expect(cookie).toMatch(/^[\w-]{43}$/);
    const me = await app.request('/api/auth/me', { headers: { cookie: `sb_session=${cookie}` } });
    expect(me.status).toBe(200);
    expect((await me.json()).user.id).toBe(user.id);
  });

  it('stores only a hash of the session id', async () => {
    const { email, password } = await buildPasswordUser(t.ctx);
    const raw = sessionCookieOf(await login(email, password))!;
    const rows = await t.ctx.db.select().from(sessions);
    expect(rows.map((r) => r.idHash)).toEqual([sha256Hex(raw)]);
    expect(JSON.stringify(rows)).not.toContain(raw);
  });

  it('sets an HttpOnly, SameSite=Lax, Path=/ cookie; Secure only over https', async () => {
    const { email, password } = await buildPasswordUser(t.ctx);
    const plain = (await login(email, password)).headers.getSetCookie().join('\n');
    expect(plain).toMatch(/sb_session=[\w-]+;/);
    expect(plain).toMatch(/HttpOnly/);
    expect(plain).toMatch(/SameSite=Lax/);
    expect(plain).toMatch(/Path=\//);
    expect(plain).toMatch(/Max-Age=1209600/);
    expect(plain).not.toMatch(/Secure/);
    const proxied = (await login(email, password, '10.0.0.1', { 'x-forwarded-proto': 'https' })).headers.getSetCookie().join('\n');
    expect(proxied).toMatch(/Secure/);
  });

  it('gives the same answer, in about the same time, for an unknown email and a wrong password', async () => {
    const { email } = await buildPasswordUser(t.ctx);
    const timed = async (e: string, ip: string) => {
      const started = performance.now();
      const res = await login(e, 'not the password', ip);
      return { ms: performance.now() - started, status: res.status, body: await res.json() };
    };
    const wrong = [];
    const unknown = [];
    for (let i = 0; i < 3; i++) {
      wrong.push(await timed(email, `10.1.0.${i}`));
      unknown.push(await timed(`nobody-${i}@switchboard.test`, `10.2.0.${i}`));
    }
    expect(wrong[0]!.status).toBe(401);
    expect(unknown[0]!.status).toBe(401);
    expect(unknown[0]!.body).toEqual(wrong[0]!.body);
    expect(wrong[0]!.body.error.message).toBe('Invalid email or password');
    const median = (xs: { ms: number }[]) => xs.map((x) => x.ms).sort((a, b) => a - b)[1]!;
    // Both paths run one argon2 verification; without the dummy check the unknown email would answer ~100x faster.
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.4);
  });

  it('refuses with 429 and Retry-After past LOGIN_MAX_ATTEMPTS per email, even for the right password', async () => {
    const { email, password } = await buildPasswordUser(t.ctx);
    for (let i = 0; i < 3; i++) expect((await login(email, 'wrong password', `10.3.0.${i}`)).status).toBe(401);
    const refused = await login(email, password, '10.3.0.99');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect((await refused.json()).error.code).toBe('RATE_LIMITED');
    t.clock.advance(15 * 60_000 + 1000);
    expect((await login(email, password, '10.3.0.99')).status).toBe(200);
  });

  it('refuses with 429 past LOGIN_MAX_ATTEMPTS per IP across different emails', async () => {
    for (let i = 0; i < 3; i++) expect((await login(`guess-${i}@switchboard.test`, 'whatever12', '10.4.0.1')).status).toBe(401);
    expect((await login('guess-9@switchboard.test', 'whatever12', '10.4.0.1')).status).toBe(429);
    expect((await login('guess-9@switchboard.test', 'whatever12', '10.4.0.2')).status).toBe(401);
  });

  it('counts a concurrent burst exactly: LOGIN_MAX_ATTEMPTS get checked, the rest get 429', async () => {
    const { email } = await buildPasswordUser(t.ctx);
    const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => login(email, 'wrong password', `10.6.0.${i}`)));
    expect(burst.map((r) => r.status).sort()).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);
  });

  it('does not count successful sign-ins against a shared IP', async () => {
    const { email, password } = await buildPasswordUser(t.ctx);
    for (let i = 0; i < 5; i++) expect((await login(email, password, '10.5.0.1')).status).toBe(200);
  });

  it('never adopts a session id the client sent (session fixation)', async () => {
    const { email, password } = await buildPasswordUser(t.ctx);
    const planted = 'attacker-chosen-session-id-000000000000000';
    const res = await login(email, password, '10.0.0.1', { cookie: `sb_session=${planted}` });
    const issued = sessionCookieOf(res)!;
    expect(issued).not.toBe(planted);
    const asPlanted = await app.request('/api/auth/me', { headers: { cookie: `sb_session=${planted}` } });
    expect(asPlanted.status).toBe(401);
  });

  it('rotates the session on a second sign-in: the old cookie stops working', async () => {
    const { email, password } = await buildPasswordUser(t.ctx);
    const first = await signIn(app, email, password);
    const second = await login(email, password, '10.0.0.1', { cookie: first.cookie });
    expect(sessionCookieOf(second)).not.toBe(first.cookie.split('=')[1]);
    expect((await app.request('/api/auth/me', { headers: { cookie: first.cookie } })).status).toBe(401);
  });

  it('names the missing field on a malformed body', async () => {
    const res = await post('/api/auth/login', { email: 'a@b.c' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/password/);
  });
});

describe('logout and expiry', () => {
  it('logout deletes the session: the same cookie is refused afterwards', async () => {
    const { email, password } = await buildPasswordUser(t.ctx);
    const s = await signIn(app, email, password);
    const out = await app.request('/api/auth/logout', { method: 'POST', headers: s.headers });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join('\n')).toMatch(/sb_session=;.*Max-Age=0/);
    expect(await t.ctx.db.$count(sessions)).toBe(0);
    expect((await app.request('/api/auth/me', { headers: { cookie: s.cookie } })).status).toBe(401);
  });

  it('expires SESSION_TTL_HOURS after the last activity, and activity slides the expiry', async () => {
    const { email, password } = await buildPasswordUser(t.ctx);
    const s = await signIn(app, email, password);
    t.clock.advance(13 * 86_400_000);
    const touched = await app.request('/api/auth/me', { headers: { cookie: s.cookie } });
    expect(touched.status).toBe(200);
    expect(touched.headers.getSetCookie().join('\n')).toMatch(/sb_session=[\w-]+;.*Max-Age=1209600/);
    t.clock.advance(13 * 86_400_000);
    expect((await app.request('/api/auth/me', { headers: { cookie: s.cookie } })).status).toBe(200);
    t.clock.advance(15 * 86_400_000);
    expect((await app.request('/api/auth/me', { headers: { cookie: s.cookie } })).status).toBe(401);
    expect(await t.ctx.db.$count(sessions)).toBe(0);
  });

  it('updates last_seen_at at most once a minute', async () => {
    const { email, password } = await buildPasswordUser(t.ctx);
    const s = await signIn(app, email, password);
    const seen = async () => (await t.ctx.db.select().from(sessions))[0]!.lastSeenAt.getTime();
    const first = await seen();
    t.clock.advance(30_000);
    await app.request('/api/auth/me', { headers: { cookie: s.cookie } });
    expect(await seen()).toBe(first);
    t.clock.advance(31_000);
    await app.request('/api/auth/me', { headers: { cookie: s.cookie } });
    expect(await seen()).toBeGreaterThan(first);
  });
});

describe('status', () => {
  it('reports setup required on an empty install, then the signed-in user and CSRF token', async () => {
    const empty = await (await app.request('/api/auth/status')).json();
    expect(empty).toEqual({ setupRequired: true, user: null, csrfToken: null, twoFactorSetupRequired: false });
    const { email, password, user } = await buildPasswordUser(t.ctx);
    expect((await (await app.request('/api/auth/status')).json()).setupRequired).toBe(false);
    const s = await signIn(app, email, password);
    const status = await (await app.request('/api/auth/status', { headers: { cookie: s.cookie } })).json();
    expect(status).toMatchObject({ setupRequired: false, user: { id: user.id }, csrfToken: s.csrfToken });
  });
});

describe('deactivated users', () => {
  it('cannot sign in, and their open sessions stop working at once', async () => {
    const { email, password, user } = await buildPasswordUser(t.ctx);
    const s = await signIn(app, email, password);
    // Deactivated directly in the table: even without the users service cleaning up, the session is refused.
    await t.ctx.db.update(users).set({ active: false }).where(eq(users.id, user.id));
    expect((await app.request('/api/auth/me', { headers: { cookie: s.cookie } })).status).toBe(401);
    const res = await login(email, password);
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/deactivated/);
  });
});
