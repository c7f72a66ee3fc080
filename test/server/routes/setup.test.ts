import { describe, expect, it } from 'vitest';
import { auditLog, users } from '../../../server/db/schema/index.ts';
import { setupFirstAdmin } from '../../../server/services/users/setup-first-admin.ts';
import { sessionCookieOf } from '../../support/auth.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld();

const admin = (n = 0) => ({
  email: `Owner${n}@Example.com`,
  name: `Owner ${n}`,
  password: 'a long enough password',
  locale: 'zh-CN' as const,
  timeZone: 'Asia/Shanghai',
});
const setup = (body: unknown) =>
  app.request('/api/auth/setup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('first-admin setup', () => {
  it('creates the first admin, signs them in, and then refuses with 409', async () => {
    const res = await setup(admin());
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.user).toMatchObject({ email: 'owner0@example.com', roles: ['admin'], locale: 'zh-CN' as const, timeZone: 'Asia/Shanghai' });
    const cookie = sessionCookieOf(res)!;
    const status = await (await app.request('/api/auth/status', { headers: { cookie: `sb_session=${cookie}` } })).json();
    expect(status).toMatchObject({ setupRequired: false, user: { id: body.user.id }, csrfToken: body.csrfToken });

    const again = await setup(admin(1));
    expect(again.status).toBe(409);
    expect(sessionCookieOf(again)).toBeNull();
    expect(await t.ctx.db.$count(users)).toBe(1);
    expect(await t.ctx.db.select({ action: auditLog.action }).from(auditLog)).toEqual([{ action: 'user.created' }]);
  });

  it('creates exactly one admin when many setups race', async () => {
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => setupFirstAdmin(t.ctx, admin(i))));
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT' });
    expect(await t.ctx.db.$count(users)).toBe(1);
  });

  it('names the bad field and writes nothing', async () => {
    const res = await setup({ ...admin(), password: 'short' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0].path).toBe('password');
    expect(await t.ctx.db.$count(users)).toBe(0);
  });
});
