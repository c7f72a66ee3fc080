import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { inboxes, sessions, tickets, users } from '../../../server/db/schema/index.ts';
import { transfer } from '../../../server/services/tickets/transfer.ts';
import { buildInbound, buildTeam } from '../../support/factories.ts';
import { serverWorld } from '../../support/server-world.ts';
import { buildSessionUser } from '../../support/session.ts';
import { connectAgent, recordEvents, send, until, type AgentClient } from '../../support/sockets.ts';
import { ingest } from '../../../server/services/tickets/ingest.ts';

const { server } = serverWorld({ PRESENCE_GRACE_SECONDS: '0.3' });
const open: AgentClient[] = [];

beforeEach(async () => {
  for (const s of open.splice(0)) s.close();
  await server.reset();
});

async function connectAs(cookie: string) {
  const socket = await connectAgent(server.url, { cookie });
  open.push(socket);
  return socket;
}

async function ticketRow(id: string) {
  return (await server.ctx.db.select().from(tickets).where(eq(tickets.id, id)))[0]!;
}

async function teamInbox(teamId: string) {
  const [inbox] = await server.ctx.db.insert(inboxes).values({ channel: 'api', name: 'Inbox', teamId }).returning();
  return inbox!.id;
}

describe('/agents authentication', () => {
  it('refuses a socket without a session cookie', async () => {
    const err = await connectAgent(server.url).catch((e: Error & { data?: { code: string } }) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as { data?: { code: string } }).data?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an unknown or expired session', async () => {
    const unknown = await connectAgent(server.url, { cookie: 'sb_session=not-a-session' }).catch((e) => e);
    expect(unknown.data?.code).toBe('UNAUTHENTICATED');
    const { user, cookie } = await buildSessionUser(server.ctx);
    await server.ctx.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, user.id));
    const expired = await connectAgent(server.url, { cookie }).catch((e) => e);
    expect(expired.data?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a handshake from another site even with a valid cookie', async () => {
    const { cookie } = await buildSessionUser(server.ctx);
    const err = await connectAgent(server.url, { cookie, origin: 'https://evil.example' }).catch((e) => e);
    expect(err.data?.code).toBe('FORBIDDEN');
    const ok = await connectAgent(server.url, { cookie, origin: server.url });
    ok.close();
  });

  it('does not take X-Forwarded-Host for this server’s name without TRUST_PROXY (a forged header proves nothing)', async () => {
    const { cookie } = await buildSessionUser(server.ctx);
    const forged = { cookie, origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' };
    const err = await connectAgent(server.url, forged).catch((e) => e);
    expect(err.data?.code).toBe('FORBIDDEN');
  });
});

describe('/agents ticket fan-out', () => {
  it('an agent gets their teams’ and team-less tickets, not other teams’; a supervisor gets all', async () => {
    const agent = await buildSessionUser(server.ctx, { roles: ['agent'] });
    const supervisor = await buildSessionUser(server.ctx, { roles: ['supervisor'] });
    const mine = await buildTeam(server.ctx, { memberIds: [agent.user.id] });
    const other = await buildTeam(server.ctx);
    const agentEvents = recordEvents(await connectAs(agent.cookie));
    const supEvents = recordEvents(await connectAs(supervisor.cookie));

    const foreign = await ingest(server.ctx, buildInbound({ inboxId: await teamInbox(other.id), subject: 'other team' }));
    const ours = await ingest(server.ctx, buildInbound({ inboxId: await teamInbox(mine.id), subject: 'our team' }));
    const teamless = await ingest(server.ctx, buildInbound({ subject: 'no team' }));

    await until(() => supEvents.filter((e) => e.name === 'ticket.created').length === 3, 'supervisor sees 3 new tickets');
    await until(() => agentEvents.filter((e) => e.name === 'ticket.created').length === 2, 'agent sees 2 new tickets');
    // Socket.IO keeps per-connection order: the foreign ticket came first, so had it been sent it would be here.
    const agentTickets = agentEvents.map((e) => (e.data as { ticket?: { id: string } }).ticket?.id);
    expect(agentTickets).not.toContain(foreign.ticketId);
    expect(agentTickets).toContain(ours.ticketId);
    expect(agentTickets).toContain(teamless.ticketId);
    const created = agentEvents.find((e) => e.name === 'ticket.created')!.data as { ticket: { subject: string } };
    expect(created.ticket.subject).toBe('our team');
    expect(agentEvents.filter((e) => e.name === 'message.created')).toHaveLength(2);
  });

  it('an agent with no team sees team-less tickets and nothing of any team', async () => {
    const agent = await buildSessionUser(server.ctx, { roles: ['agent'] });
    const team = await buildTeam(server.ctx);
    const seen = recordEvents(await connectAs(agent.cookie));
    await ingest(server.ctx, buildInbound({ inboxId: await teamInbox(team.id) }));
    const teamless = await ingest(server.ctx, buildInbound());
    await until(() => seen.some((e) => e.name === 'message.created'), 'the team-less ticket');
    const ticketEvents = seen.filter((e) => e.name.startsWith('ticket.') || e.name.startsWith('message.'));
    expect(ticketEvents.map((e) => (e.data as { ticket: { id: string } }).ticket.id)).toEqual([teamless.ticketId, teamless.ticketId]);
  });
});

describe('/agents when a ticket moves away', () => {
  it('tells agents who lost sight of a transferred ticket to drop it, and nobody else', async () => {
    const stays = await buildSessionUser(server.ctx, { roles: ['agent'] });
    const leaves = await buildSessionUser(server.ctx, { roles: ['agent'] });
    const supervisor = await buildSessionUser(server.ctx, { roles: ['supervisor'] });
    const from = await buildTeam(server.ctx, { memberIds: [stays.user.id, leaves.user.id] });
    const to = await buildTeam(server.ctx, { memberIds: [stays.user.id] });
    const ticket = await ingest(server.ctx, buildInbound({ inboxId: await teamInbox(from.id) }));
    const seen = {
      stays: recordEvents(await connectAs(stays.cookie)),
      leaves: recordEvents(await connectAs(leaves.cookie)),
      supervisor: recordEvents(await connectAs(supervisor.cookie)),
    };
    // A message first, so the fan-out knows the ticket's audience (as it does for any ticket in use).
    await ingest(server.ctx, buildInbound({ threadKey: (await ticketRow(ticket.ticketId)).threadKey, inboxId: await teamInbox(from.id) }));
    for (const list of Object.values(seen)) await until(() => list.some((e) => e.name === 'message.created'), 'the follow-up at everyone');

    const before = { stays: seen.stays.length, leaves: seen.leaves.length, supervisor: seen.supervisor.length };
    await transfer(server.ctx, { type: 'user', id: supervisor.user.id, name: 'Sup', roles: ['supervisor'] }, ticket.ticketId, {
      teamId: to.id,
    });
    await until(() => seen.leaves.find((e) => e.name === 'ticket.removed'), 'ticket.removed at the agent outside the new team');
    await until(() => seen.stays.find((e) => e.name === 'ticket.updated'), 'the update at the agent in both teams');
    await until(() => seen.supervisor.find((e) => e.name === 'ticket.updated'), 'the update at the supervisor');
    expect(seen.leaves.find((e) => e.name === 'ticket.removed')!.data).toEqual({ ticketId: ticket.ticketId });
    const after = (list: typeof seen.stays, from: number) =>
      list
        .slice(from)
        .map((e) => e.name)
        .filter((n) => n.startsWith('ticket.'));
    // An update from before the transfer may still be on its way when `before` is taken; what matters is that the
    // agent who lost sight never sees the ticket in its new team and that the removal is the last word.
    const inNewTeam = seen.leaves.filter(
      (e) => e.name.startsWith('ticket.') && (e.data as { ticket?: { teamId?: string } }).ticket?.teamId === to.id,
    );
    expect(inNewTeam).toEqual([]);
    expect(after(seen.leaves, before.leaves).at(-1)).toBe('ticket.removed');
    expect(after(seen.leaves, before.leaves).filter((n) => n === 'ticket.removed')).toHaveLength(1);
    // Routing may follow the transfer with its own update (auto-assignment in the new team); never a removal.
    expect(after(seen.stays, before.stays)).not.toContain('ticket.removed');
    expect(after(seen.stays, before.stays)).toContain('ticket.updated');
    expect(after(seen.supervisor, before.supervisor)).not.toContain('ticket.removed');
  });
});

describe('/agents client sends', () => {
  it('relays typing to the others watching the ticket, and acks with the client id', async () => {
    const a = await buildSessionUser(server.ctx, { name: 'Alice' });
    const b = await buildSessionUser(server.ctx, { name: 'Bob' });
    const ticket = await ingest(server.ctx, buildInbound());
    const alice = await connectAs(a.cookie);
    const bob = await connectAs(b.cookie);
    const bobSeen = recordEvents(bob);
    expect(await send(bob, 'ticket.watch', { clientId: 'w1', ticketId: ticket.ticketId })).toEqual({
      ok: true,
      clientId: 'w1',
      data: null,
    });
    expect((await send(alice, 'ticket.watch', { clientId: 'w2', ticketId: ticket.ticketId })).ok).toBe(true);
    const ack = await send(alice, 'typing', { clientId: 't1', ticketId: ticket.ticketId, state: 'start' });
    expect(ack).toEqual({ ok: true, clientId: 't1', data: null });
    const typing = await until(() => bobSeen.find((e) => e.name === 'typing'), 'typing at Bob');
    expect(typing.data).toEqual({ ticketId: ticket.ticketId, state: 'start', who: { type: 'agent', userId: a.user.id, name: 'Alice' } });
  });

  it('refuses watching a ticket the agent may not see, typing unwatched, and a malformed payload', async () => {
    const agent = await buildSessionUser(server.ctx);
    const team = await buildTeam(server.ctx);
    const hidden = await ingest(server.ctx, buildInbound({ inboxId: await teamInbox(team.id) }));
    const socket = await connectAs(agent.cookie);
    const watch = await send(socket, 'ticket.watch', { clientId: 'c1', ticketId: hidden.ticketId });
    expect(watch).toMatchObject({ ok: false, clientId: 'c1', error: { code: 'NOT_FOUND' } });
    const typing = await send(socket, 'typing', { clientId: 'c2', ticketId: hidden.ticketId, state: 'start' });
    expect(typing).toMatchObject({ ok: false, clientId: 'c2', error: { code: 'FORBIDDEN' } });
    const bad = await send(socket, 'typing', { clientId: 'c3', ticketId: 'nope', state: 'start' });
    expect(bad).toMatchObject({ ok: false, clientId: 'c3', error: { code: 'VALIDATION' } });
    expect(bad.ok === false && bad.error.message).toContain('ticketId');
    const noId = await send(socket, 'presence.set', { presence: 'away' } as never);
    expect(noId).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(noId.ok === false && noId.error.message).toContain('clientId');
  });
});

describe('/agents presence', () => {
  const presenceOf = async (id: string) => (await server.ctx.db.select({ p: users.presence }).from(users).where(eq(users.id, id)))[0]!.p;

  it('goes online on connect, persists a chosen status, and goes offline after the grace period', async () => {
    const watcher = await buildSessionUser(server.ctx, { roles: ['supervisor'] });
    const agent = await buildSessionUser(server.ctx, { name: 'Ana' });
    const seen = recordEvents(await connectAs(watcher.cookie));
    const socket = await connectAs(agent.cookie);
    await until(async () => (await presenceOf(agent.user.id)) === 'online', 'online in the database');
    await until(
      () => seen.find((e) => e.name === 'presence.changed' && (e.data as { userId: string }).userId === agent.user.id),
      'presence broadcast',
    );

    expect(await send(socket, 'presence.set', { clientId: 'p1', presence: 'away' })).toEqual({
      ok: true,
      clientId: 'p1',
      data: { presence: 'away' },
    });
    expect(await presenceOf(agent.user.id)).toBe('away');
    await until(
      () => seen.some((e) => e.name === 'presence.changed' && (e.data as { presence: string }).presence === 'away'),
      'away broadcast',
    );

    socket.close();
    await until(async () => (await presenceOf(agent.user.id)) === 'offline', 'offline after the grace period');
    await until(
      () => seen.some((e) => e.name === 'presence.changed' && (e.data as { presence: string }).presence === 'offline'),
      'offline broadcast',
    );
  });

  it('a reload within the grace period does not go offline', async () => {
    const agent = await buildSessionUser(server.ctx);
    const first = await connectAs(agent.cookie);
    await until(async () => (await presenceOf(agent.user.id)) === 'online', 'online');
    first.close();
    await connectAs(agent.cookie);
    // Wait past the grace period by the database clock, then check: still online because a tab is connected.
    const since = Date.now();
    await until(() => Date.now() - since > 600, 'the grace period to pass', 2_000);
    expect(await presenceOf(agent.user.id)).toBe('online');
  });
});
