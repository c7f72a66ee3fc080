import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { apiTokens, auditLog } from '../../../server/db/schema/index.ts';
import { pruneAuditLog } from '../../../server/services/audit/prune-audit.ts';
import { buildPasswordUser, signIn } from '../../support/auth.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld();

/** A token never used yet: its first call is audited. */
async function freshTokenUser(roles: Parameters<typeof buildTokenUser>[1]) {
  const u = await buildTokenUser(t.ctx, roles);
  await t.ctx.db.update(apiTokens).set({ lastUsedAt: null }).where(eq(apiTokens.userId, u.user.id));
  return u;
}

const json = (method: string, headers: Record<string, string>, body?: unknown): RequestInit => ({
  method,
  headers,
  body: body === undefined ? undefined : JSON.stringify(body),
});

describe('the audit log viewer', () => {
  it('shows admins who did what, newest first, filtered by family, actor and time, and pages on', async () => {
    const admin = await freshTokenUser(['admin']);
    await app.request('/api/teams', json('POST', admin.headers, { name: 'Night shift' }));
    const created = await (
      await app.request(
        '/api/users',
        json('POST', admin.headers, {
          email: 'dana@example.com',
          name: 'Dana',
          roles: ['agent'],
          password: 'correct horse battery staple',
        }),
      )
    ).json();
    await app.request(`/api/users/${created.user.id}`, json('PATCH', admin.headers, { roles: ['supervisor'] }));

    const all = await (await app.request('/api/audit', { headers: admin.headers })).json();
    expect(all.entries.map((e: { action: string }) => e.action)).toEqual([
      'user.roles_changed',
      'user.created',
      'team.created',
      'api_token.used',
    ]);
    expect(all.entries[0]).toMatchObject({
      actor: { id: admin.user.id, name: admin.user.name },
      targetType: 'user',
      targetId: created.user.id,
      data: { from: ['agent'], to: ['supervisor'] },
    });

    const users = await (await app.request('/api/audit?action=user.', { headers: admin.headers })).json();
    expect(users.entries.map((e: { action: string }) => e.action)).toEqual(['user.roles_changed', 'user.created']);
    const first = await (await app.request('/api/audit?limit=2', { headers: admin.headers })).json();
    expect(first.entries).toHaveLength(2);
    const rest = await (await app.request(`/api/audit?limit=2&before=${first.nextBefore}`, { headers: admin.headers })).json();
    expect(rest.entries.map((e: { action: string }) => e.action)).toEqual(['team.created', 'api_token.used']);
    expect(rest.nextBefore).toBeNull();
    const later = new Date(t.ctx.now().getTime() + 60_000).toISOString();
    expect((await (await app.request(`/api/audit?from=${encodeURIComponent(later)}`, { headers: admin.headers })).json()).entries).toEqual(
      [],
    );
  });

  it('downloads as CSV, and refuses everyone but admins (supervisors too)', async () => {
    const admin = await freshTokenUser(['admin']);
    await app.request('/api/teams', json('POST', admin.headers, { name: 'Night shift' }));
    const res = await app.request('/api/audit?format=csv&action=team.', { headers: admin.headers });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('at,action,actor_name,actor_email,system,target_type,target_id,ip,data');
    expect(lines[1]).toContain(',team.created,');
    for (const role of ['supervisor', 'agent', 'editor'] as const) {
      const other = await buildTokenUser(t.ctx, [role]);
      expect((await app.request('/api/audit', { headers: other.headers })).status).toBe(403);
      expect((await app.request('/api/audit/settings', json('PUT', other.headers, { retentionDays: 30 }))).status).toBe(403);
    }
    const bad = await app.request('/api/audit?from=yesterday', { headers: admin.headers });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/from: expected an ISO date-time/);
  });

  it('keeps entries for the retention period an admin sets (audited), deleting older ones in batches', async () => {
    const admin = await freshTokenUser(['admin']);
    expect(await (await app.request('/api/audit/settings', { headers: admin.headers })).json()).toEqual({ retentionDays: 365 });
    const tooShort = await app.request('/api/audit/settings', json('PUT', admin.headers, { retentionDays: 7 }));
    expect(tooShort.status).toBe(400);
    expect((await tooShort.json()).error.message).toMatch(/retentionDays: 0 \(keep forever\) or 30 to 3650 days/);
    const set = await app.request('/api/audit/settings', json('PUT', admin.headers, { retentionDays: 30 }));
    expect(await set.json()).toEqual({ retentionDays: 30 });

    const old = new Date(t.ctx.now().getTime() - 31 * 86_400_000);
    await t.ctx.db.insert(auditLog).values([
      { action: 'user.created', targetType: 'user', targetId: 'a', createdAt: old },
      { action: 'user.created', targetType: 'user', targetId: 'b', createdAt: old },
    ]);
    expect(await pruneAuditLog(t.ctx)).toBe(2);
    const left = await (await app.request('/api/audit', { headers: admin.headers })).json();
    expect(left.entries.map((e: { action: string }) => e.action)).toEqual(['settings.audit_updated', 'api_token.used']);
    expect(left.entries[0].data).toEqual({ retentionDays: { from: 365, to: 30 } });
  });

  it('records a token’s use on its first call and then at most hourly', async () => {
    const agent = await freshTokenUser(['agent']);
    await app.request('/api/teams', { headers: agent.headers });
    t.clock.advance(10 * 60_000);
    await app.request('/api/teams', { headers: agent.headers });
    t.clock.advance(60 * 60_000);
    await app.request('/api/teams', { headers: agent.headers });
    const used = await t.ctx.db.select().from(auditLog);
    expect(used.map((e) => [e.action, e.actorId])).toEqual([
      ['api_token.used', agent.user.id],
      ['api_token.used', agent.user.id],
    ]);
  });
});

describe('sign-ins in the audit log', () => {
  it('records a sign-in by its user, and a refused one by the address tried and why, from which IP, with nobody as actor', async () => {
    const { email, password, user } = await buildPasswordUser(t.ctx, { roles: ['agent'] });
    await signIn(app, email, password);
    const wrong = await app.request('/api/auth/login', json('POST', { 'content-type': 'application/json' }, { email, password: 'not it' }));
    expect(wrong.status).toBe(401);
    const unknown = { email: 'nobody@example.com', password: 'whatever it is' };
    expect((await app.request('/api/auth/login', json('POST', { 'content-type': 'application/json' }, unknown))).status).toBe(401);
    const rows = await t.ctx.db.select().from(auditLog).orderBy(auditLog.id);
    expect(rows.map((r) => [r.action, r.actorId, r.targetId, r.data])).toEqual([
      ['auth.signed_in', user.id, user.id, { secondFactor: null }],
      ['auth.sign_in_failed', null, user.id, { email, reason: 'wrong_password' }],
      ['auth.sign_in_failed', null, 'nobody@example.com', { email: 'nobody@example.com', reason: 'wrong_password' }],
    ]);
  });
});
