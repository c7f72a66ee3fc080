import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, passwordResets, sessions, users } from '../../../server/db/schema/index.ts';
import {
  RESET_ANSWER_MS,
  RESET_REQUESTS_PER_ADDRESS,
  RESET_REQUESTS_PER_IP,
} from '../../../server/services/accounts/request-password-reset.ts';
import { accountMailWorld, linkInMail } from '../../support/account-mail.ts';
import { buildPasswordUser, fromIp, signIn, TEST_PASSWORD } from '../../support/auth.ts';
import { buildTokenUser } from '../../support/http.ts';
import { smtpSinkStandIn } from '../../support/mail-world.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld({ PUBLIC_URL: 'https://desk.example.test', OUTBOX_POLL_MS: '60000' });
const sink = smtpSinkStandIn();
const mail = accountMailWorld(() => t.ctx, sink);

const post = (path: string, body: unknown, headers: Record<string, string> = {}, ip = '10.0.0.9') =>
  app.request(
    path,
    { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) },
    fromIp(ip),
  );
const tokenOf = (link: string) => new URL(link).pathname.split('/').at(-1)!;
const sessionsOf = async (userId: string) => (await t.ctx.db.select().from(sessions).where(eq(sessions.userId, userId))).length;

async function forgot(email: string, ip?: string) {
  const res = await post('/api/auth/forgot-password', { email }, {}, ip);
  await mail.send();
  return res;
}

describe('changing your password (Profile)', () => {
  it('needs the current password, signs out every other session but this one, and is audited', async () => {
    const { user, email } = await buildPasswordUser(t.ctx);
    const here = await signIn(app, email, TEST_PASSWORD);
    await signIn(app, email, TEST_PASSWORD, '10.0.0.2');
    const wrong = await app.request('/api/auth/me', {
      method: 'PATCH',
      headers: here.headers,
      body: JSON.stringify({ currentPassword: 'not my password', newPassword: 'violet tractor umbrella' }),
    });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.message).toContain('currentPassword');
    expect(await sessionsOf(user.id)).toBe(2);

    const ok = await app.request('/api/auth/me', {
      method: 'PATCH',
      headers: here.headers,
      body: JSON.stringify({ currentPassword: TEST_PASSWORD, newPassword: 'violet tractor umbrella' }),
    });
    expect(ok.status).toBe(200);
    expect(await sessionsOf(user.id)).toBe(1);
    expect((await app.request('/api/auth/me', { headers: here.headers })).status).toBe(200);
    await signIn(app, email, 'violet tractor umbrella');
    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'user.password_changed'));
    expect(audit).toMatchObject([{ actorId: user.id, targetId: user.id }]);
  });

  it('refuses a common or guessable new password, naming why', async () => {
    const { email } = await buildPasswordUser(t.ctx);
    const me = await signIn(app, email, TEST_PASSWORD);
    const change = (newPassword: string) =>
      app.request('/api/auth/me', {
        method: 'PATCH',
        headers: me.headers,
        body: JSON.stringify({ currentPassword: TEST_PASSWORD, newPassword }),
      });
    const common = await change('password123');
    expect(common.status).toBe(400);
    expect((await common.json()).error.message).toMatch(/newPassword: password is too common/);
    const easy = await change('aaaaaaaaaaaa');
    expect((await easy.json()).error.message).toMatch(/newPassword: password is too (common|easy to guess)/);
    const short = await change('short');
    expect((await short.json()).error.message).toMatch(/at least 10 characters/);
  });
});

describe('forgot password', () => {
  it('mails a one-hour link in the user’s language; the link sets a new password once and signs out every session', async () => {
    await mail.mailbox();
    const { user, email } = await buildPasswordUser(t.ctx);
    await t.ctx.db.update(users).set({ locale: 'zh-CN' }).where(eq(users.id, user.id));
    await signIn(app, email, TEST_PASSWORD);
    expect((await forgot(email.toUpperCase())).status).toBe(202);
    const [m] = sink.received.filter((r) => r.to.includes(email));
    expect(m!.parsed.subject).toBe('设置新的 Switchboard 密码');
    const link = linkInMail(sink, email, 'reset');
    expect(link).toMatch(/^https:\/\/desk\.example\.test\/reset\//);
    const token = tokenOf(link);
    // Only a hash is stored, never the token itself.
    const [row] = await t.ctx.db.select().from(passwordResets).where(eq(passwordResets.userId, user.id));
    expect(JSON.stringify(row)).not.toContain(token.slice(37));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(3_600_000);

    expect(await (await app.request(`/api/auth/password-reset/${token}`)).json()).toEqual({ email });
    const weak = await post(`/api/auth/password-reset/${token}`, { password: 'qwertyuiop' });
    expect(weak.status).toBe(400);
    expect((await weak.json()).error.message).toContain('too common');
    expect((await post(`/api/auth/password-reset/${token}`, { password: 'marble orchard lantern' })).status).toBe(200);
    expect(await sessionsOf(user.id)).toBe(0);
    await signIn(app, email, 'marble orchard lantern');
    const again = await post(`/api/auth/password-reset/${token}`, { password: 'another fine password' });
    expect(again.status).toBe(410);
    const actions = (await t.ctx.db.select().from(auditLog).where(eq(auditLog.targetId, user.id))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['user.password_reset_requested', 'user.password_reset_completed']));
  });

  it('answers an unknown address exactly like a known one, in at least the same time, and mails nothing', async () => {
    await mail.mailbox();
    const { email } = await buildPasswordUser(t.ctx);
    const timed = async (address: string) => {
      const started = performance.now();
      const res = await post('/api/auth/forgot-password', { email: address });
      return { status: res.status, body: await res.text(), ms: performance.now() - started };
    };
    const known = await timed(email);
    const unknown = await timed('nobody@example.com');
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toBe(known.body);
    expect(known.ms).toBeGreaterThanOrEqual(RESET_ANSWER_MS - 1);
    expect(unknown.ms).toBeGreaterThanOrEqual(RESET_ANSWER_MS - 1);
    await mail.send();
    expect(sink.received.flatMap((m) => m.to)).not.toContain('nobody@example.com');
  });

  it('a newer link makes the older one dead, and an expired link is refused', async () => {
    await mail.mailbox();
    const { email } = await buildPasswordUser(t.ctx);
    await forgot(email);
    const first = tokenOf(linkInMail(sink, email, 'reset'));
    await forgot(email);
    const second = tokenOf(linkInMail(sink, email, 'reset'));
    expect(second).not.toBe(first);
    expect((await app.request(`/api/auth/password-reset/${first}`)).status).toBe(410);
    await t.ctx.db.update(passwordResets).set({ expiresAt: new Date(Date.now() - 1000) });
    const late = await post(`/api/auth/password-reset/${second}`, { password: 'marble orchard lantern' });
    expect(late.status).toBe(410);
    expect((await late.json()).error.message).toMatch(/expired or was already used/);
    expect((await post('/api/auth/password-reset/not-a-token', { password: 'marble orchard lantern' })).status).toBe(410);
  });

  it('is rate-limited per address (whether or not it exists) and per IP', async () => {
    for (let i = 0; i < RESET_REQUESTS_PER_ADDRESS; i++)
      expect((await post('/api/auth/forgot-password', { email: 'x@example.com' })).status).toBe(202);
    const over = await post('/api/auth/forgot-password', { email: 'x@example.com' }, {}, '10.0.0.77');
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBeTruthy();
    for (let i = 0; i < RESET_REQUESTS_PER_IP; i++) await post('/api/auth/forgot-password', { email: `p${i}@example.com` }, {}, '10.0.0.5');
    expect((await post('/api/auth/forgot-password', { email: 'q@example.com' }, {}, '10.0.0.5')).status).toBe(429);
  }, 60_000);
});

describe('an admin forces a password reset', () => {
  it('signs the user out everywhere, stops the old password and mails the link; agents are refused', async () => {
    await mail.mailbox();
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const { user, email } = await buildPasswordUser(t.ctx);
    await signIn(app, email, TEST_PASSWORD);
    expect((await post(`/api/users/${user.id}/password-reset`, {}, agent.headers)).status).toBe(403);
    expect(await sessionsOf(user.id)).toBe(1);

    expect((await post(`/api/users/${user.id}/password-reset`, {}, admin.headers)).status).toBe(202);
    expect(await sessionsOf(user.id)).toBe(0);
    expect((await post('/api/auth/login', { email, password: TEST_PASSWORD })).status).toBe(401);
    await mail.send();
    const token = tokenOf(linkInMail(sink, email, 'reset'));
    expect((await post(`/api/auth/password-reset/${token}`, { password: 'marble orchard lantern' })).status).toBe(200);
    await signIn(app, email, 'marble orchard lantern');
    const [audit] = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'user.password_reset_sent'));
    expect(audit).toMatchObject({ actorId: admin.user.id, targetId: user.id });
  });
});
