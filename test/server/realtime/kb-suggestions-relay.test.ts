import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { TicketSuggestions } from '../../../knowledge-base/suggest/types.ts';
import { eq } from 'drizzle-orm';
import { inboxes, tickets } from '../../../server/db/schema/index.ts';
import { ingest } from '../../../server/services/tickets/ingest.ts';
import { buildInbound, buildTeam } from '../../support/factories.ts';
import { buildArticle, drainKbOutbox } from '../../support/kb.ts';
import { serverWorld } from '../../support/server-world.ts';
import { buildSessionUser } from '../../support/session.ts';
import { connectAgent, recordEvents, until, type AgentClient } from '../../support/sockets.ts';

const { server } = serverWorld();
const open: AgentClient[] = [];
afterAll(() => {
  for (const s of open.splice(0)) s.close();
});
beforeEach(async () => {
  for (const s of open.splice(0)) s.close();
  await server.reset();
});

async function connectAs(roles: Array<'agent' | 'editor' | 'admin'>, teamOf?: (userId: string) => Promise<unknown>) {
  const { user, cookie } = await buildSessionUser(server.ctx, { roles });
  // Rooms are joined at connection time: team membership must exist before the socket connects.
  await teamOf?.(user.id);
  const socket = await connectAgent(server.url, { cookie });
  open.push(socket);
  return { user, socket, seen: recordEvents(socket) };
}

const suggestionsIn = (seen: Array<{ name: string; data: unknown }>, ticketId: string) =>
  seen.find((e) => e.name === 'kb.suggestions' && (e.data as TicketSuggestions).ticketId === ticketId)?.data as
    TicketSuggestions | undefined;

describe('kb.suggestions reaches the consoles that may see the ticket', () => {
  it('relays the suggestions for a new ticket, with highlights, to the agents who see it', async () => {
    const article = await buildArticle(server.ctx, {
      kind: 'defect',
      title: 'Printer prints blank pages',
      symptoms: 'Every page comes out blank after the driver update.',
    });
    await drainKbOutbox(server.ctx);
    const insider = await connectAs(['agent']);
    const outsider = await connectAs(['agent'], (userId) => buildTeam(server.ctx, { memberIds: [userId] }));

    const ticket = {
      id: (await ingest(server.ctx, buildInbound({ subject: 'Blank pages', text: 'My printer prints blank pages since yesterday' })))
        .ticketId,
    };
    const got = await until(() => suggestionsIn(insider.seen, ticket.id), 'kb.suggestions on the agent console');
    expect(got.status).toBe('ok');
    expect(got.suggestions[0]?.articleId).toBe(article.id);
    expect(got.suggestions[0]?.title.ranges.length).toBeGreaterThan(0);
    // A team-less ticket is everyone's; the outsider is an agent too, so it gets it as well.
    await until(() => suggestionsIn(outsider.seen, ticket.id), 'kb.suggestions for a team-less ticket');
  });

  it('does not send a team’s ticket suggestions to an agent outside the team', async () => {
    await buildArticle(server.ctx, { title: 'Reset a forgotten password', body: 'Use the forgot password link.' });
    await drainKbOutbox(server.ctx);
    let team: { id: string } | undefined;
    const member = await connectAs(['agent'], async (userId) => (team = await buildTeam(server.ctx, { memberIds: [userId] })));
    const stranger = await connectAs(['agent']);
    const [inbox] = await server.ctx.db.insert(inboxes).values({ channel: 'api', name: 'Team inbox', teamId: team!.id }).returning();
    const ticket = {
      id: (await ingest(server.ctx, { ...buildInbound({ subject: 'Forgot password', text: 'I forgot my password' }), inboxId: inbox!.id }))
        .ticketId,
    };
    const [row] = await server.ctx.db.select({ teamId: tickets.teamId }).from(tickets).where(eq(tickets.id, ticket.id));
    expect(row!.teamId).toBe(team!.id);
    await until(() => suggestionsIn(member.seen, ticket.id), 'kb.suggestions for the team member');
    // The member got it; by then the stranger would have too, had it been sent to them.
    expect(suggestionsIn(stranger.seen, ticket.id)).toBeUndefined();
  });
});
