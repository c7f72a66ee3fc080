import { eq } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { auditLog, sessions, userTwoFactor } from '../../../server/db/schema/index.ts';
import { buildPasswordUser, fromIp, sessionCookieOf, signIn, type SignedIn } from '../../support/auth.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld({ LOGIN_MAX_ATTEMPTS: '3', LOGIN_WINDOW_MINUTES: '15' });

let ipSeq = 0;
const nextIp = () => `10.20.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;
const request = (path: string, method: string, headers: Record<string, string>, body?: unknown, ip = '10.9.9.9') =>
  app.request(
    path,
    { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) },
    fromIp(ip),
  );
const codeAt = (secret: string, at: Date) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at.getTime() });
const challengeOf = (res: Response) => /sb_2fa=([^;]+)/.exec(res.headers.getSetCookie().join('\n'))?.[1] ?? null;
const actions = async (userId: string) =>
  (await t.ctx.db.select().from(auditLog).where(eq(auditLog.targetId, userId))).map((r) => r.action);

/** A signed-in user who turned two-factor on: their secret and recovery codes. */
async function enrolled(roles: ('admin' | 'supervisor' | 'agent')[] = ['agent']) {
  const u = await buildPasswordUser(t.ctx, { roles });
  const session = await signIn(app, u.email, u.password, nextIp());
  const setup = await (await request('/api/me/two-factor/setup', 'POST', session.headers)).json();
  const res = await request('/api/me/two-factor/enable', 'POST', session.headers, { code: codeAt(setup.secret, t.ctx.now()) });
  expect(res.status).toBe(200);
  const { recoveryCodes } = (await res.json()) as { recoveryCodes: string[] };
  t.clock.advance(30_000); // the enabling code's step is used up
  return { ...u, session, secret: setup.secret as string, recoveryCodes };
}

async function passwordStep(email: string, password: string, ip: string) {
  const res = await request('/api/auth/login', 'POST', {}, { email, password }, ip);
  expect(res.status).toBe(200);
  expect(sessionCookieOf(res)).toBeNull();
  expect(await res.json()).toMatchObject({ twoFactorRequired: true });
  return challengeOf(res)!;
}
const codeStep = (challenge: string, code: string, ip: string) =>
  request('/api/auth/login/two-factor', 'POST', { cookie: `sb_2fa=${challenge}` }, { code }, ip);

describe('two-factor setup', () => {
  it('shows a secret and QR code, turns on only with a valid code, and keeps the secret sealed in the database', async () => {
    const u = await buildPasswordUser(t.ctx);
    const session = await signIn(app, u.email, u.password, nextIp());
    const setup = await (await request('/api/me/two-factor/setup', 'POST', session.headers)).json();
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.uri).toContain(`secret=${setup.secret}`);
    expect(setup.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(setup.qrCode.split(',')[1], 'base64').toString()).toContain('<svg');
    const [row] = await t.ctx.db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, u.user.id));
    expect(row!.secretSealed).not.toContain(setup.secret);
    expect(t.ctx.secrets.open(row!.secretSealed)).toBe(setup.secret);

    // Not on yet: sign-in still takes the password alone.
    expect(
      sessionCookieOf(await request('/api/auth/login', 'POST', {}, { email: u.email, password: u.password }, nextIp())),
    ).not.toBeNull();
    const stale = codeAt(setup.secret, new Date(t.ctx.now().getTime() - 10 * 60_000));
    const wrong = await request('/api/me/two-factor/enable', 'POST', session.headers, { code: stale });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.details[0].path).toBe('code');
    const ok = await request('/api/me/two-factor/enable', 'POST', session.headers, { code: codeAt(setup.secret, t.ctx.now()) });
    const { recoveryCodes } = await ok.json();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const status = await (await request('/api/me/two-factor', 'GET', session.headers)).json();
    expect(status).toEqual({ enabled: true, recoveryCodesLeft: 10, required: false });
    expect(await actions(u.user.id)).toEqual(expect.arrayContaining(['two_factor.failed', 'two_factor.enabled']));
    expect((await request('/api/me/two-factor/setup', 'POST', session.headers)).status).toBe(409);
  });
});

describe('sign-in with two-factor', () => {
  it('asks for a code after the password; a wrong code is refused; the right one signs in; the same code never twice', async () => {
    const u = await enrolled();
    const ip = nextIp();
    const challenge = await passwordStep(u.email, u.password, ip);
    const now = t.ctx.now();
    const wrong = await codeStep(challenge, codeAt(u.secret, new Date(now.getTime() - 5 * 60_000)), ip);
    expect(wrong.status).toBe(400);
    const code = codeAt(u.secret, now);
    const ok = await codeStep(challenge, code, ip);
    expect(ok.status).toBe(200);
    const cookie = sessionCookieOf(ok)!;
    expect((await request('/api/auth/me', 'GET', { cookie: `sb_session=${cookie}` })).status).toBe(200);
    // The challenge is used up, and the code too, even with a fresh password step.
    expect((await codeStep(challenge, code, ip)).status).toBe(401);
    expect((await codeStep(await passwordStep(u.email, u.password, ip), code, ip)).status).toBe(400);
    expect(await actions(u.user.id)).toContain('two_factor.failed');
  });

  it('accepts a code of the previous or next 30-second step (clock drift), not two steps away', async () => {
    const u = await enrolled();
    const ip = nextIp();
    const now = t.ctx.now().getTime();
    expect((await codeStep(await passwordStep(u.email, u.password, ip), codeAt(u.secret, new Date(now - 60_000)), ip)).status).toBe(400);
    expect((await codeStep(await passwordStep(u.email, u.password, ip), codeAt(u.secret, new Date(now + 30_000)), ip)).status).toBe(200);
  });

  it('takes each recovery code once, and records its use', async () => {
    const u = await enrolled();
    const ip = nextIp();
    const [first] = u.recoveryCodes;
    expect((await codeStep(await passwordStep(u.email, u.password, ip), first!.toUpperCase(), ip)).status).toBe(200);
    expect((await codeStep(await passwordStep(u.email, u.password, ip), first!, ip)).status).toBe(400);
    expect(await actions(u.user.id)).toContain('two_factor.recovery_code_used');
    const signedIn = await codeStep(await passwordStep(u.email, u.password, ip), u.recoveryCodes[1]!, ip);
    const status = await (await request('/api/me/two-factor', 'GET', { cookie: `sb_session=${sessionCookieOf(signedIn)}` })).json();
    expect(status.recoveryCodesLeft).toBe(8);
  });

  it('refuses codes past LOGIN_MAX_ATTEMPTS with 429, even the right one', async () => {
    const u = await enrolled();
    const challenge = await passwordStep(u.email, u.password, nextIp());
    for (let i = 0; i < 3; i++) expect((await codeStep(challenge, '12345x', nextIp())).status).toBe(400);
    const limited = await codeStep(challenge, codeAt(u.secret, t.ctx.now()), nextIp());
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses the code step without the password step, or once the challenge expired', async () => {
    const u = await enrolled();
    const ip = nextIp();
    expect((await request('/api/auth/login/two-factor', 'POST', {}, { code: codeAt(u.secret, t.ctx.now()) }, ip)).status).toBe(401);
    const challenge = await passwordStep(u.email, u.password, ip);
    t.clock.advance(6 * 60_000);
    expect((await codeStep(challenge, codeAt(u.secret, t.ctx.now()), ip)).status).toBe(401);
  });
});

describe('turning two-factor off', () => {
  it('needs the password or a code', async () => {
    const u = await enrolled();
    const wrong = await request('/api/me/two-factor/disable', 'POST', u.session.headers, { password: 'not it' });
    expect(wrong.status).toBe(400);
    expect((await request('/api/me/two-factor/disable', 'POST', u.session.headers, {})).status).toBe(400);
    const ok = await request('/api/me/two-factor/disable', 'POST', u.session.headers, { code: codeAt(u.secret, t.ctx.now()) });
    expect(ok.status).toBe(204);
    expect(await actions(u.user.id)).toContain('two_factor.disabled');
    expect(
      sessionCookieOf(await request('/api/auth/login', 'POST', {}, { email: u.email, password: u.password }, nextIp())),
    ).not.toBeNull();
  });
});

describe('admin reset and the per-role requirement', () => {
  const admin = async (): Promise<SignedIn> => {
    const a = await buildPasswordUser(t.ctx, { roles: ['admin'] });
    return signIn(app, a.email, a.password, nextIp());
  };

  it('an admin resets a lost device: two-factor off, the user signed out everywhere, audited; others may not', async () => {
    const u = await enrolled();
    const other = await enrolled();
    expect((await request(`/api/users/${u.user.id}/two-factor`, 'DELETE', other.session.headers)).status).toBe(403);
    const a = await admin();
    expect((await request(`/api/users/${u.user.id}/two-factor`, 'DELETE', a.headers)).status).toBe(204);
    expect(await t.ctx.db.select().from(sessions).where(eq(sessions.userId, u.user.id))).toEqual([]);
    expect(await actions(u.user.id)).toContain('two_factor.reset');
    expect(
      sessionCookieOf(await request('/api/auth/login', 'POST', {}, { email: u.email, password: u.password }, nextIp())),
    ).not.toBeNull();
  });

  it('users of a required role do nothing but set up two-factor until they have; API tokens keep working', async () => {
    const a = await admin();
    const sup = await buildPasswordUser(t.ctx, { roles: ['supervisor'] });
    const supSession = await signIn(app, sup.email, sup.password, nextIp());
    const tokenRes = await request('/api/me/tokens', 'POST', supSession.headers, { name: 'report script', scopes: ['read'] });
    const { token } = await tokenRes.json();
    const agent = await buildPasswordUser(t.ctx, { roles: ['agent'] });
    const agentSession = await signIn(app, agent.email, agent.password, nextIp());

    const sup403 = await request('/api/settings/two-factor', 'PUT', supSession.headers, { requiredRoles: ['supervisor'] });
    expect(sup403.status).toBe(403);
    const put = await request('/api/settings/two-factor', 'PUT', a.headers, { requiredRoles: ['supervisor', 'admin'] });
    expect(put.status).toBe(200);
    // The admin setting it has no second factor either: from now on, they too are sent to set it up.
    expect((await request('/api/tickets', 'GET', a.headers)).status).toBe(403);

    const refused = await request('/api/tickets', 'GET', supSession.headers);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.details).toEqual({ reason: 'two_factor_setup_required' });
    expect((await (await request('/api/auth/status', 'GET', supSession.headers)).json()).twoFactorSetupRequired).toBe(true);
    expect((await request('/api/tickets', 'GET', { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await request('/api/tickets', 'GET', agentSession.headers)).status).toBe(200);

    const setup = await (await request('/api/me/two-factor/setup', 'POST', supSession.headers)).json();
    const on = await request('/api/me/two-factor/enable', 'POST', supSession.headers, { code: codeAt(setup.secret, t.ctx.now()) });
    expect(on.status).toBe(200);
    expect((await request('/api/tickets', 'GET', supSession.headers)).status).toBe(200);
    expect((await (await request('/api/auth/status', 'GET', supSession.headers)).json()).twoFactorSetupRequired).toBe(false);
  });
});
