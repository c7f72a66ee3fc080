import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, invitations, teamMembers, users } from '../../../server/db/schema/index.ts';
import { accountMailWorld, linkInMail } from '../../support/account-mail.ts';
import { fromIp, sessionCookieOf } from '../../support/auth.ts';
import { buildTeam } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { smtpSinkStandIn } from '../../support/mail-world.ts';
import { routeWorld } from '../../support/route-world.ts';

const { t, app } = routeWorld({ PUBLIC_URL: 'https://desk.example.test', OUTBOX_POLL_MS: '60000' });
const sink = smtpSinkStandIn();
const mail = accountMailWorld(() => t.ctx, sink);

const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.request(
    path,
    { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) },
    fromIp('10.0.0.3'),
  );
const tokenOf = (link: string) => new URL(link).pathname.split('/').at(-1)!;

async function invite(admin: { headers: Record<string, string> }, body: Record<string, unknown>) {
  const res = await send('POST', '/api/invitations', body, admin.headers);
  await mail.send();
  return res;
}

describe('invitations', () => {
  it('an admin invites by email with roles and teams; the invitee sets name and password from the mail and is signed in', async () => {
    await mail.mailbox();
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const team = await buildTeam(t.ctx, { name: 'Billing' });
    const res = await invite(admin, { email: ' Mei@Example.com ', roles: ['agent', 'editor'], teamIds: [team.id], locale: 'zh-CN' });
    expect(res.status).toBe(201);
    const { invitation } = await res.json();
    expect(invitation).toMatchObject({ email: 'mei@example.com', roles: ['agent', 'editor'], teamIds: [team.id], expired: false });
    const [m] = sink.received;
    expect(m!.parsed.subject).toContain('邀请你加入 Switchboard');
    const token = tokenOf(linkInMail(sink, 'mei@example.com', 'invite'));
    expect(linkInMail(sink, 'mei@example.com', 'invite')).toMatch(/^https:\/\/desk\.example\.test\/invite\//);
    expect(await (await send('GET', `/api/auth/invitations/${token}`)).json()).toEqual({ email: 'mei@example.com', locale: 'zh-CN' });

    const weak = await send('POST', `/api/auth/invitations/${token}`, { name: 'Mei', password: 'iloveyou123' });
    expect((await weak.json()).error.message).toMatch(/password: password is too common/);
    const accepted = await send('POST', `/api/auth/invitations/${token}`, { name: 'Mei Lin', password: 'marble orchard lantern' });
    expect(accepted.status).toBe(201);
    const cookie = `sb_session=${sessionCookieOf(accepted)}`;
    const me = await (await app.request('/api/auth/me', { headers: { cookie } })).json();
    expect(me.user).toMatchObject({ email: 'mei@example.com', name: 'Mei Lin', roles: ['agent', 'editor'], locale: 'zh-CN' });
    const members = await t.ctx.db.select().from(teamMembers).where(eq(teamMembers.userId, me.user.id));
    expect(members.map((r) => r.teamId)).toEqual([team.id]);

    // Single use, and no longer pending.
    expect((await send('POST', `/api/auth/invitations/${token}`, { name: 'Eve', password: 'another fine password' })).status).toBe(410);
    expect((await (await send('GET', '/api/invitations', undefined, admin.headers)).json()).invitations).toEqual([]);
    const actions = (await t.ctx.db.select().from(auditLog)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['invitation.created', 'user.created', 'team.member_added']));
  });

  it('refuses an address that already has an account or a pending invitation, and non-admins', async () => {
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const agent = await buildTokenUser(t.ctx, ['agent']);
    const [existing] = await t.ctx.db.select({ email: users.email }).from(users).where(eq(users.id, agent.user.id));
    const taken = await invite(admin, { email: existing!.email.toUpperCase(), roles: ['agent'] });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error.message).toContain('already has an account');
    expect((await invite(agent, { email: 'new@example.com', roles: ['agent'] })).status).toBe(403);
    expect((await send('GET', '/api/invitations', undefined, agent.headers)).status).toBe(403);
    expect((await invite(admin, { email: 'new@example.com', roles: ['agent'] })).status).toBe(201);
    const twice = await invite(admin, { email: 'new@example.com', roles: ['agent'] });
    expect(twice.status).toBe(409);
    expect((await twice.json()).error.message).toContain('already invited');
    expect((await invite(admin, { email: 'x@example.com', roles: ['boss'] })).status).toBe(400);
    expect(await t.ctx.db.select().from(invitations)).toHaveLength(1);
  });

  it('resend mails a new link and kills the old one; revoke kills it; an expired link is refused', async () => {
    await mail.mailbox();
    const admin = await buildTokenUser(t.ctx, ['admin']);
    const { invitation } = await (await invite(admin, { email: 'sam@example.com', roles: ['agent'] })).json();
    const first = tokenOf(linkInMail(sink, 'sam@example.com', 'invite'));
    expect((await send('POST', `/api/invitations/${invitation.id}/resend`, undefined, admin.headers)).status).toBe(200);
    await mail.send();
    const second = tokenOf(linkInMail(sink, 'sam@example.com', 'invite'));
    expect(second).not.toBe(first);
    expect((await send('GET', `/api/auth/invitations/${first}`)).status).toBe(410);
    expect((await send('GET', `/api/auth/invitations/${second}`)).status).toBe(200);

    await t.ctx.db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) });
    expect((await send('POST', `/api/auth/invitations/${second}`, { name: 'Sam', password: 'marble orchard lantern' })).status).toBe(410);
    const listed = (await (await send('GET', '/api/invitations', undefined, admin.headers)).json()).invitations;
    expect(listed).toMatchObject([{ email: 'sam@example.com', expired: true }]);

    expect((await send('DELETE', `/api/invitations/${invitation.id}`, undefined, admin.headers)).status).toBe(204);
    expect((await (await send('GET', '/api/invitations', undefined, admin.headers)).json()).invitations).toEqual([]);
    expect((await send('DELETE', `/api/invitations/${invitation.id}`, undefined, admin.headers)).status).toBe(404);
    const actions = (await t.ctx.db.select().from(auditLog)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['invitation.created', 'invitation.resent', 'invitation.revoked']));
  });
});
