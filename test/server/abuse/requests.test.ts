import { beforeEach, describe, expect, it } from 'vitest';
import { messages, sessions, teams } from '../../../server/db/schema/index.ts';
import { buildPasswordUser, fromIp, sessionCookieOf, signIn } from '../../support/auth.ts';
import { buildInbound } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';

// Already covered elsewhere, not repeated here: widget text over the inbox limit and uploads over it
// (test/channels/widget/abuse.test.ts), 413 on reply and note bodies (test/server/routes/tickets.test.ts),
// the basic CSRF, fixation and lockout rules (test/server/routes/{csrf-and-tokens,auth}.test.ts).
const { t, app } = routeWorld({ MAX_BODY_BYTES: '65536', LOGIN_MAX_ATTEMPTS: '3', LOGIN_WINDOW_MINUTES: '15' });
let headers: Record<string, string>;
beforeEach(async () => {
  headers = (await buildTokenUser(t.ctx, ['admin', 'agent'])).headers;
});

const TOO_LARGE = { error: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body over 65536 bytes' } };
const chunked = (chunks: number, size: number) =>
  new ReadableStream({
    start(c) {
      for (let i = 0; i < chunks; i++) c.enqueue(new TextEncoder().encode('x'.repeat(size)));
      c.close();
    },
  });

describe('oversized and overdeep bodies', () => {
  it('413 with the error shape whether the size is declared, streamed without a length, or lied about; nothing written', async () => {
    const big = JSON.stringify(buildInbound({ text: 'x'.repeat(70_000) }));
    const declared = await app.request('/api/ingest', {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(big)) },
      body: big,
    });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual(TOO_LARGE);
    const streamed = await app.request('/api/teams', { method: 'POST', headers, body: chunked(100, 1000), duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toEqual(TOO_LARGE);
    const lying = await app.request('/api/teams', {
      method: 'POST',
      headers: { ...headers, 'content-length': '999999999' },
      body: '{"name":"Small"}',
    });
    expect(lying.status).toBe(413);
    expect(await t.ctx.db.$count(teams)).toBe(0);
    expect(await t.ctx.db.$count(messages)).toBe(0);
  });

  it('a field over its own limit inside an allowed body is a 400 naming the field', async () => {
    const res = await app.request('/api/teams', { method: 'POST', headers, body: JSON.stringify({ name: 'n'.repeat(5000) }) });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/^Invalid json: name: /) });
  });

  it('JSON nested thousands of levels deep is a 400, not a 500 from an overflowing stack (it was, in ingest meta)', async () => {
    const deep = (n: number) => `${'['.repeat(n)}"\\u0000"${']'.repeat(n)}`;
    const meta = await app.request('/api/ingest', {
      method: 'POST',
      headers,
      body: JSON.stringify(buildInbound()).replace(/}$/, `,"meta":{"x":${deep(5000).replace('"\\u0000"', '1')}}}`),
    });
    expect(meta.status).toBe(400);
    expect(await meta.json()).toEqual({
      error: {
        code: 'VALIDATION',
        message: 'Invalid json: nested more than 64 levels deep',
        details: [{ path: '(root)', message: 'nested more than 64 levels deep', code: 'too_deep' }],
      },
    });
    expect((await app.request('/api/teams', { method: 'POST', headers, body: `{"name":"x","extra":${deep(30_000)}}` })).status).toBe(400);
    // Brackets inside strings are text, not nesting.
    const text = await app.request('/api/ingest', {
      method: 'POST',
      headers,
      body: JSON.stringify(buildInbound({ text: '['.repeat(10_000) })),
    });
    expect(text.status).toBe(201);
  });
});

describe('cross-site requests against a signed-in console', () => {
  it('a write from a foreign Origin carrying the session cookie is 403 without the token, and with a wrong one', async () => {
    const { email, password } = await buildPasswordUser(t.ctx, { roles: ['admin'] });
    const s = await signIn(app, email, password);
    const foreign = { cookie: s.cookie, origin: 'https://evil.example', 'content-type': 'application/json' };
    const none = await app.request('/api/teams', { method: 'POST', headers: foreign, body: JSON.stringify({ name: 'Pwned' }) });
    expect(none.status).toBe(403);
    expect(await none.json()).toEqual({
      error: {
        code: 'FORBIDDEN',
        message: 'Missing X-CSRF-Token header: cookie-authenticated writes must send the token from /api/auth/status',
      },
    });
    const wrong = await app.request('/api/teams', {
      method: 'POST',
      headers: { ...foreign, 'x-csrf-token': 'guess' },
      body: JSON.stringify({ name: 'Pwned' }),
    });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toEqual({
      error: { code: 'FORBIDDEN', message: 'The X-CSRF-Token header does not match this session; reload the console' },
    });
    // A form post needs no preflight, so a foreign page can make one; it cannot add the header.
    const form = await app.request('/api/teams', {
      method: 'POST',
      headers: { cookie: s.cookie, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=Pwned',
    });
    expect(form.status).toBe(403);
    expect(await t.ctx.db.$count(teams)).toBe(0);
  });

  it('a foreign page cannot read the token: no CORS grant on the session API, and the public API never admits credentials', async () => {
    const { email, password } = await buildPasswordUser(t.ctx, { roles: ['admin'] });
    const s = await signIn(app, email, password);
    const status = await app.request('/api/auth/status', { headers: { cookie: s.cookie, origin: 'https://evil.example' } });
    expect(status.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await app.request('/api/teams', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-csrf-token',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const publicKb = await app.request('/api/public/kb/search?q=x', { headers: { origin: 'https://evil.example' } });
    expect(publicKb.headers.get('access-control-allow-origin')).toBe('*');
    expect(publicKb.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('a cross-site form cannot sign the victim into an account (login CSRF): only JSON, which needs a preflight, is read', async () => {
    const { email, password } = await buildPasswordUser(t.ctx);
    const body = JSON.stringify({ email, password });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await app.request(
        '/api/auth/login',
        { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': type }, body },
        fromIp('10.9.0.1'),
      );
      expect(res.status).toBe(415);
      expect(await res.json()).toEqual({
        error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: `Send the body as JSON (Content-Type: application/json), not ${type}` },
      });
      expect(sessionCookieOf(res)).toBeNull();
    }
    expect(await t.ctx.db.$count(sessions)).toBe(0);
  });
});

describe('session fixation and logout', () => {
  it("an attacker who plants their own valid session in the victim's browser loses it when the victim signs in", async () => {
    const attacker = await buildPasswordUser(t.ctx);
    const victim = await buildPasswordUser(t.ctx);
    const planted = await signIn(app, attacker.email, attacker.password, '10.8.0.1');
    const res = await app.request(
      '/api/auth/login',
      {
        method: 'POST',
        headers: { cookie: planted.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ email: victim.email, password: victim.password }),
      },
      fromIp('10.8.0.2'),
    );
    expect(res.status).toBe(200);
    const issued = sessionCookieOf(res)!;
    expect(`sb_session=${issued}`).not.toBe(planted.cookie);
    expect((await app.request('/api/auth/me', { headers: { cookie: planted.cookie } })).status).toBe(401);
    expect((await (await app.request('/api/auth/me', { headers: { cookie: `sb_session=${issued}` } })).json()).user.email).toBe(
      victim.email,
    );
  });

  it('after logout the old cookie and CSRF token write nothing: 401 with the sign-in message', async () => {
    const { email, password } = await buildPasswordUser(t.ctx, { roles: ['admin'] });
    const s = await signIn(app, email, password);
    expect((await app.request('/api/auth/logout', { method: 'POST', headers: s.headers })).status).toBe(204);
    const replay = await app.request('/api/teams', { method: 'POST', headers: s.headers, body: JSON.stringify({ name: 'After logout' }) });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'Sign in or send an API token (Authorization: Bearer ...)' },
    });
    expect(await t.ctx.db.$count(teams)).toBe(0);
  });
});

describe('password guessing', () => {
  const login = (email: string, password: string, ip: string) =>
    app.request(
      '/api/auth/login',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) },
      fromIp(ip),
    );

  it('locks the account and the address with 429 and a clear message, even for the right password, until the window passes', async () => {
    const victim = await buildPasswordUser(t.ctx);
    const other = await buildPasswordUser(t.ctx);
    for (let i = 0; i < 3; i++) {
      const res = await login(victim.email, `guess ${i}`, '10.7.0.1');
      expect(res.status).toBe(401);
      expect((await res.json()).error).toEqual({ code: 'UNAUTHENTICATED', message: 'Invalid email or password' });
    }
    const locked = await login(victim.email, victim.password, '10.7.0.2');
    expect(locked.status).toBe(429);
    const body = await locked.json();
    expect(body.error).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/^Too many sign-in attempts; try again in (89\d|900) seconds$/),
    });
    // The header is the body's delay in whole seconds, rounded up: never earlier than the lock lifts.
    expect(locked.headers.get('retry-after')).toBe(String(Math.ceil(body.error.retryAfterMs / 1000)));
    expect(body.error.message).toContain(`in ${locked.headers.get('retry-after')} seconds`);
    expect(sessionCookieOf(locked)).toBeNull();
    // The guessing address is locked too, for every account, the right password included.
    expect((await login(other.email, other.password, '10.7.0.1')).status).toBe(429);
    expect((await login(other.email, other.password, '10.7.0.3')).status).toBe(200);

    t.clock.advance(15 * 60_000 + 1_000);
    expect((await login(victim.email, victim.password, '10.7.0.1')).status).toBe(200);
  });
});
