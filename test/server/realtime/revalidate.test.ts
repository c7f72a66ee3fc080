import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inboxes, sessions, teamMembers } from '../../../server/db/schema/index.ts';
import { timing } from '../../../server/realtime/connection.ts';
import { ingest } from '../../../server/services/tickets/ingest.ts';
import { buildInbound, buildTeam } from '../../support/factories.ts';
import { serverWorld } from '../../support/server-world.ts';
import { buildSessionUser } from '../../support/session.ts';
import { connectAgent, recordEvents, until, type AgentClient } from '../../support/sockets.ts';

const open: AgentClient[] = [];
const defaultMs = timing.revalidateMs;

beforeAll(() => {
  timing.revalidateMs = 150;
});
afterAll(() => {
  timing.revalidateMs = defaultMs;
});
const { server } = serverWorld();
beforeEach(async () => {
  for (const s of open.splice(0)) s.close();
  await server.reset();
});

describe('/agents sessions are checked again while connected', () => {
  it('disconnects a socket whose session was signed out elsewhere', async () => {
    const agent = await buildSessionUser(server.ctx);
    const socket = await connectAgent(server.url, { cookie: agent.cookie });
    open.push(socket);
    let reason = '';
    socket.on('disconnect', (r) => (reason = r));
    await server.ctx.db.delete(sessions).where(eq(sessions.userId, agent.user.id));
    await until(() => reason, 'the server to drop the socket');
    expect(reason).toBe('io server disconnect');
  });

  it('starts sending a team’s tickets once the agent joins the team, and stops when they leave', async () => {
    const agent = await buildSessionUser(server.ctx);
    const team = await buildTeam(server.ctx);
    const [inbox] = await server.ctx.db.insert(inboxes).values({ channel: 'api', name: 'Team inbox', teamId: team.id }).returning();
    const socket = await connectAgent(server.url, { cookie: agent.cookie });
    open.push(socket);
    const seen = recordEvents(socket);
    const created = () => seen.filter((e) => e.name === 'ticket.created').map((e) => (e.data as { ticket: { id: string } }).ticket.id);

    // One ticket per attempt, each given time to arrive: a ticket every few milliseconds (with its routing and
    // suggestion work) kept a loaded machine's database too busy for the 150 ms re-check the test waits for.
    const arrives = (ticketId: string) =>
      until(() => created().includes(ticketId), 'the ticket', 400).then(
        () => true,
        () => false,
      );

    await server.ctx.db.insert(teamMembers).values({ teamId: team.id, userId: agent.user.id });
    const afterJoin = await until(
      async () => {
        const t = await ingest(server.ctx, buildInbound({ inboxId: inbox!.id }));
        return (await arrives(t.ticketId)) && t.ticketId;
      },
      'a team ticket after joining',
      20_000,
    );
    expect(afterJoin).toBeTruthy();

    await server.ctx.db.delete(teamMembers).where(eq(teamMembers.userId, agent.user.id));
    // Once the rooms are re-checked, team tickets stop arriving; a team-less ticket sent after proves the socket still works.
    await until(
      async () => {
        const before = created().length;
        const teamTicket = await ingest(server.ctx, buildInbound({ inboxId: inbox!.id }));
        const probe = await ingest(server.ctx, buildInbound());
        await until(() => created().includes(probe.ticketId), 'the team-less probe', 10_000);
        return !created().includes(teamTicket.ticketId) && created().length === before + 1;
      },
      'team tickets to stop after leaving',
      20_000,
    );
  });
});
