import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, inboxes, teamMembers, teams, users } from '../../../server/db/schema/index.ts';
import { bootstrapWidgetInbox } from '../../../server/services/inboxes/bootstrap-widget-inbox.ts';
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
    expect(body.user).toMatchObject({
      email: 'owner0@example.com',
      roles: ['admin', 'agent'],
      locale: 'zh-CN' as const,
      timeZone: 'Asia/Shanghai',
    });
    const cookie = sessionCookieOf(res)!;
    const status = await (await app.request('/api/auth/status', { headers: { cookie: `sb_session=${cookie}` } })).json();
    expect(status).toMatchObject({ setupRequired: false, user: { id: body.user.id }, csrfToken: body.csrfToken });

    const again = await setup(admin(1));
    expect(again.status).toBe(409);
    expect(sessionCookieOf(again)).toBeNull();
    expect(await t.ctx.db.$count(users)).toBe(1);
    expect((await t.ctx.db.select({ action: auditLog.action }).from(auditLog).orderBy(auditLog.id)).map((a) => a.action)).toEqual([
      'user.created',
      'team.created',
      'team.member_added',
    ]);
  });

  it('puts the admin in a team "Support" that owns the default widget inbox', async () => {
    const inboxId = (await bootstrapWidgetInbox(t.ctx, { force: true }))!;
    const { user } = await (await setup(admin())).json();
    const [team] = await t.ctx.db.select().from(teams);
    expect(team).toMatchObject({ name: 'Support', autoAssign: true, assignOnReply: true });
    expect(await t.ctx.db.select({ userId: teamMembers.userId }).from(teamMembers)).toEqual([{ userId: user.id }]);
    expect((await t.ctx.db.select().from(inboxes).where(eq(inboxes.id, inboxId)))[0]!.teamId).toBe(team!.id);
    expect((await t.ctx.db.select().from(auditLog).orderBy(auditLog.id)).at(-1)).toMatchObject({
      action: 'inbox.updated',
      targetId: inboxId,
      data: { changed: ['teamId'], system: 'setup' },
    });
  });

  it('reuses a team already named "support" and leaves an inbox that has a team alone', async () => {
    const [own] = await t.ctx.db.insert(teams).values({ name: 'support' }).returning();
    const [other] = await t.ctx.db.insert(teams).values({ name: 'Sales' }).returning();
    const inboxId = (await bootstrapWidgetInbox(t.ctx, { force: true }))!;
    await t.ctx.db.update(inboxes).set({ teamId: other!.id }).where(eq(inboxes.id, inboxId));
    const { user } = await (await setup(admin())).json();
    expect(await t.ctx.db.$count(teams)).toBe(2);
    expect(await t.ctx.db.select().from(teamMembers)).toMatchObject([{ teamId: own!.id, userId: user.id }]);
    expect((await t.ctx.db.select().from(inboxes).where(eq(inboxes.id, inboxId)))[0]!.teamId).toBe(other!.id);
  });

  it('gives a widget inbox created after setup to the setup team', async () => {
    await setup(admin());
    const inboxId = (await bootstrapWidgetInbox(t.ctx, { force: true }))!;
    const [team] = await t.ctx.db.select().from(teams);
    expect((await t.ctx.db.select().from(inboxes).where(eq(inboxes.id, inboxId)))[0]!.teamId).toBe(team!.id);
  });

  it('creates exactly one admin when many setups race', async () => {
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => setupFirstAdmin(t.ctx, admin(i))));
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT' });
    expect(await t.ctx.db.$count(users)).toBe(1);
    expect(await t.ctx.db.$count(teams)).toBe(1);
    expect(await t.ctx.db.$count(teamMembers)).toBe(1);
  });

  it('names the bad field and writes nothing', async () => {
    const res = await setup({ ...admin(), password: 'short' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0].path).toBe('password');
    expect(await t.ctx.db.$count(users)).toBe(0);
    expect(await t.ctx.db.$count(teams)).toBe(0);
  });
});
