import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, sessions, users } from '../../../server/db/schema/index.ts';
import { buildPasswordUser, signIn } from '../../support/auth.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld();

const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
const newUser = (over: Record<string, unknown> = {}) => ({
  email: '  Dana.Agent@Example.com ',
  name: 'Dana',
  roles: ['agent'],
  password: 'a long enough password',
  ...over,
});

describe('creating users', () => {
  it('lets an admin add a user who can then sign in; the email is normalised and the hash never leaves', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const res = await send('POST', '/api/users', admin.headers, newUser({ roles: ['agent', 'editor', 'agent'] }));
    expect(res.status).toBe(201);
    const { user } = await res.json();
    expect(user).toMatchObject({ email: 'dana.agent@example.com', name: 'Dana', roles: ['agent', 'editor'], active: true, locale: 'en' });
    expect(JSON.stringify(user)).not.toMatch(/argon2|password/i);
    const [row] = await t.ctx.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    await signIn(app, 'DANA.agent@example.com', 'a long enough password');
    const audit = await t.ctx.db.select().from(auditLog).orderBy(auditLog.id);
    expect(audit).toMatchObject([
      { action: 'user.created', actorId: admin.user.id, targetId: user.id },
      { action: 'auth.signed_in', actorId: user.id, targetId: user.id, data: { secondFactor: null } },
    ]);
  });

  it('refuses a duplicate email with 409 naming the email', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    expect((await send('POST', '/api/users', admin.headers, newUser())).status).toBe(201);
    const again = await send('POST', '/api/users', admin.headers, newUser({ email: 'dana.agent@EXAMPLE.com' }));
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toContain('dana.agent@example.com');
    expect(await t.ctx.db.$count(users)).toBe(2);
  });

  it.each([
    [{ roles: [] }, 'roles'],
    [{ roles: ['root'] }, 'roles.0'],
    [{ password: 'short' }, 'password'],
    [{ email: 'not-an-email' }, 'email'],
    [{ name: '  ' }, 'name'],
    [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ isAdmin: true }, 'isAdmin'],
  ])('refuses bad input %j naming the field', async (over, field) => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const res = await send('POST', '/api/users', admin.headers, newUser(over));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('VALIDATION');
    expect(body.error.details[0].path).toBe(field);
    expect(await t.ctx.db.$count(users)).toBe(1);
  });
});

describe('changing users', () => {
  it('deactivating a user signs them out everywhere and blocks their tokens; reactivating lets them back', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const agent = await buildPasswordUser(t.ctx);
    const s = await signIn(app, agent.email, agent.password);
    const off = await send('PATCH', `/api/users/${agent.user.id}`, admin.headers, { active: false });
    expect(off.status).toBe(200);
    expect((await off.json()).user.active).toBe(false);
    expect(await t.ctx.db.$count(sessions, eq(sessions.userId, agent.user.id))).toBe(0);
    expect((await app.request('/api/auth/me', { headers: { cookie: s.cookie } })).status).toBe(401);
    expect((await send('PATCH', `/api/users/${agent.user.id}`, admin.headers, { active: true })).status).toBe(200);
    await signIn(app, agent.email, agent.password);
  });

  it('a role change applies to the very next request of an open session, and is audited', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const sup = await buildPasswordUser(t.ctx, { roles: ['supervisor'] });
    const s = await signIn(app, sup.email, sup.password);
    expect((await send('POST', '/api/teams', s.headers, { name: 'A' })).status).toBe(201);
    await send('PATCH', `/api/users/${sup.user.id}`, admin.headers, { roles: ['agent'] });
    expect((await send('POST', '/api/teams', s.headers, { name: 'B' })).status).toBe(403);
    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'user.roles_changed'));
    expect(audit).toMatchObject([{ actorId: admin.user.id, targetId: sup.user.id, data: { from: ['supervisor'], to: ['agent'] } }]);
  });

  it('keeps at least one active admin', async () => {
    const { email, password, user } = await buildPasswordUser(t.ctx, { roles: ['admin'] });
    const s = await signIn(app, email, password);
    const res = await send('PATCH', `/api/users/${user.id}`, s.headers, { roles: ['agent'] });
    expect(res.status).toBe(409);
    expect((await send('PATCH', `/api/users/${user.id}`, s.headers, { active: false })).status).toBe(409);
    const other = await buildTokenUser(t.ctx, ['admin']);
    expect((await send('PATCH', `/api/users/${user.id}`, other.headers, { roles: ['agent'] })).status).toBe(200);
  });

  it('refuses an admin deactivating themselves even when other admins remain; another admin can', async () => {
    await buildTokenUser(t.ctx, ['admin']);
    const { email, password, user } = await buildPasswordUser(t.ctx, { roles: ['admin'] });
    const s = await signIn(app, email, password);
    const res = await send('PATCH', `/api/users/${user.id}`, s.headers, { active: false });
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toBe('You cannot deactivate your own account: another admin can');
    expect((await send('GET', '/api/auth/status', s.headers)).status).toBe(200);
    const other = await buildTokenUser(t.ctx, ['admin']);
    expect((await send('PATCH', `/api/users/${user.id}`, other.headers, { active: false })).status).toBe(200);
  });

  it('answers 404 for an unknown or malformed user id', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    expect((await send('PATCH', '/api/users/00000000-0000-4000-8000-000000000000', admin.headers, { name: 'X' })).status).toBe(404);
    expect((await send('PATCH', '/api/users/nope', admin.headers, { name: 'X' })).status).toBe(404);
  });
});

describe('listing users', () => {
  it('shows admins everything and colleagues no emails or deactivated users', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const agent = await buildTokenUser(t.ctx, ['agent']);
    await buildPasswordUser(t.ctx, { active: false });
    const asAdmin = (await (await app.request('/api/users?includeInactive=true', { headers: admin.headers })).json()).users;
    expect(asAdmin).toHaveLength(3);
    expect(asAdmin[0]).toHaveProperty('email');
    const asAgent = (await (await app.request('/api/users?includeInactive=true', { headers: agent.headers })).json()).users;
    expect(asAgent).toHaveLength(2);
    expect(asAgent[0]).not.toHaveProperty('email');
    expect(asAgent[0]).toHaveProperty('presence');
    const admins = (await (await app.request('/api/users?role=admin', { headers: agent.headers })).json()).users;
    expect(admins.map((u: { id: string }) => u.id)).toEqual([admin.user.id]);
  });
});

describe('own profile', () => {
  it('changes name, locale and time zone; refuses an unknown time zone or locale naming the field', async () => {
    const { email, password } = await buildPasswordUser(t.ctx);
    const s = await signIn(app, email, password);
    const ok = await send('PATCH', '/api/auth/me', s.headers, { name: 'Li Wei', locale: 'zh-CN', timeZone: 'Asia/Shanghai' });
    expect(ok.status).toBe(200);
    expect((await ok.json()).user).toMatchObject({ name: 'Li Wei', locale: 'zh-CN', timeZone: 'Asia/Shanghai' });
    const badTz = await send('PATCH', '/api/auth/me', s.headers, { timeZone: 'Europe/Atlantis' });
    expect((await badTz.json()).error.details[0].path).toBe('timeZone');
    const badLocale = await send('PATCH', '/api/auth/me', s.headers, { locale: 'fr' });
    expect((await badLocale.json()).error.details[0].path).toBe('locale');
  });

  it('a password change needs the current password and signs out the other sessions only', async () => {
    const { email, password } = await buildPasswordUser(t.ctx);
    const here = await signIn(app, email, password);
    const elsewhere = await signIn(app, email, password, '10.9.9.9');
    const missing = await send('PATCH', '/api/auth/me', here.headers, { newPassword: 'brand new password' });
    expect((await missing.json()).error.details[0].path).toBe('currentPassword');
    const wrong = await send('PATCH', '/api/auth/me', here.headers, {
      currentPassword: 'nope nope nope',
      newPassword: 'brand new password',
    });
    expect(wrong.status).toBe(400);
    const ok = await send('PATCH', '/api/auth/me', here.headers, { currentPassword: password, newPassword: 'brand new password' });
    expect(ok.status).toBe(200);
    expect((await app.request('/api/auth/me', { headers: { cookie: here.cookie } })).status).toBe(200);
    expect((await app.request('/api/auth/me', { headers: { cookie: elsewhere.cookie } })).status).toBe(401);
    await signIn(app, email, 'brand new password');
  });

  it('cannot change own roles or active flag through the profile', async () => {
    const { email, password, user } = await buildPasswordUser(t.ctx);
    const s = await signIn(app, email, password);
    expect((await send('PATCH', '/api/auth/me', s.headers, { roles: ['admin'] })).status).toBe(400);
    const [row] = await t.ctx.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.roles).toEqual(['agent']);
  });
});
