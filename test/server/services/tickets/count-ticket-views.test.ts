import { eq, inArray, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { tickets, ticketViewCounts } from '../../../../server/db/schema/index.ts';
import type { Actor } from '../../../../server/services/actor.ts';
import { blockCustomer } from '../../../../server/services/customers/block-customer.ts';
import { deleteTeam } from '../../../../server/services/teams/delete-team.ts';
import { assign } from '../../../../server/services/tickets/assign.ts';
import { bulkUpdateTickets } from '../../../../server/services/tickets/bulk-update.ts';
import { close } from '../../../../server/services/tickets/close.ts';
import { ACTIVE_STATUSES, countTicketViews } from '../../../../server/services/tickets/count-ticket-views.ts';
import { hold } from '../../../../server/services/tickets/hold.ts';
import { ingest } from '../../../../server/services/tickets/ingest.ts';
import { listTickets } from '../../../../server/services/tickets/list-tickets.ts';
import { mergeTickets } from '../../../../server/services/tickets/merge-tickets.ts';
import { resolve } from '../../../../server/services/tickets/resolve.ts';
import { transfer } from '../../../../server/services/tickets/transfer.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildInbound } from '../../../support/factories.ts';
import { buildTeamTicket, buildWorld } from '../../../support/ticket-world.ts';

const { t } = contextWorld();
let w: Awaited<ReturnType<typeof buildWorld>>;
beforeEach(async () => {
  w = await buildWorld(t.ctx);
});

/** What each badge's own list shows (active tickets), the number the badge must equal. */
async function listed(actor: Actor) {
  const size = async (view: string) =>
    (await listTickets(t.ctx, actor, { view: view as 'all', status: ACTIVE_STATUSES, limit: 100 })).tickets.length;
  const teams: Record<string, number> = {};
  for (const team of [w.teamA, w.teamB]) {
    const n = await size(`team:${team.id}`);
    if (n > 0) teams[team.id] = n;
  }
  return { mine: await size('mine'), unassigned: await size('unassigned'), all: await size('all'), teams, spam: await size('spam') };
}

/** Every badge for an agent of team A, an agent of team B and a supervisor equals its list, after each change. */
async function expectBadgesMatchLists() {
  for (const actor of [w.agentA, w.agentB, w.supervisor]) expect(await countTicketViews(t.ctx, actor)).toEqual(await listed(actor));
}

describe('inbox view counts', () => {
  it('follow every kind of change: ingest, assignment, transfer, status, reopen, merge, bulk edits, spam, team deletion', async () => {
    const a = await buildTeamTicket(t.ctx, w.teamA.id, { threadKey: 'thread-a' });
    const b = await buildTeamTicket(t.ctx, w.teamB.id);
    const c = await buildTeamTicket(t.ctx, null);
    const d = await buildTeamTicket(t.ctx, null, { threadKey: 'thread-d', sender: { externalId: 'dora@example.com' } });
    const e = await buildTeamTicket(t.ctx, w.teamA.id, { sender: { externalId: 'spammer@example.com' } });
    await expectBadgesMatchLists();
    expect(await countTicketViews(t.ctx, w.supervisor)).toEqual({
      mine: 0,
      unassigned: 5,
      all: 5,
      teams: { [w.teamA.id]: 2, [w.teamB.id]: 1 },
      spam: 0,
    });

    await assign(t.ctx, w.supervisor, a.ticketId, { assigneeId: w.agentA.id });
    await transfer(t.ctx, w.supervisor, b.ticketId, { teamId: w.teamA.id });
    await hold(t.ctx, w.supervisor, c.ticketId);
    await resolve(t.ctx, w.supervisor, d.ticketId);
    await expectBadgesMatchLists();
    expect(await countTicketViews(t.ctx, w.agentA)).toMatchObject({ mine: 1, unassigned: 3, all: 4 });

    // The customer writes again: the resolved ticket is back in the inbox.
    await ingest(t.ctx, buildInbound({ threadKey: 'thread-d', sender: { externalId: 'dora@example.com' } }));
    await mergeTickets(t.ctx, w.supervisor, c.ticketId, { targetId: a.ticketId, confirmOtherCustomer: true });
    await expectBadgesMatchLists();

    const bulk = await bulkUpdateTickets(t.ctx, w.supervisor, {
      ticketIds: [b.ticketId, d.ticketId],
      action: { type: 'assign', assigneeId: w.agentB.id },
    });
    expect(bulk.applied).toBe(2);
    await blockCustomer(t.ctx, w.supervisor, e.customerId);
    await expectBadgesMatchLists();
    expect((await countTicketViews(t.ctx, w.supervisor)).spam).toBe(1);

    await deleteTeam(t.ctx, w.admin, w.teamB.id);
    await close(t.ctx, w.supervisor, b.ticketId);
    await expectBadgesMatchLists();
    expect(await countTicketViews(t.ctx, w.supervisor)).toEqual({ mine: 0, unassigned: 0, all: 2, teams: { [w.teamA.id]: 1 }, spam: 1 });
  });

  it('fold their change rows back into one per team, assignee and spam once many have piled up, keeping the numbers', async () => {
    const opened = await Promise.all([w.teamA.id, w.teamA.id, null].map((team) => buildTeamTicket(t.ctx, team)));
    const ids = opened.map((o) => o.ticketId);
    await assign(t.ctx, w.supervisor, ids[0]!, { assigneeId: w.agentA.id });
    const before = await countTicketViews(t.ctx, w.supervisor);
    // Each round takes three tickets out of the inbox and back: 6 rows of +1/-1 each.
    for (let round = 0; round < 90; round++) {
      await t.ctx.db.update(tickets).set({ status: 'resolved' }).where(inArray(tickets.id, ids));
      await t.ctx.db.update(tickets).set({ status: 'open' }).where(inArray(tickets.id, ids));
    }
    const rows = async () => (await t.ctx.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(ticketViewCounts))[0]!.n;
    expect(await rows()).toBeGreaterThan(500);
    expect(await countTicketViews(t.ctx, w.supervisor)).toEqual(before);
    expect(await rows()).toBe(3); // team A assigned, team A unassigned, no team
    expect(await countTicketViews(t.ctx, w.supervisor)).toEqual(before);
    await t.ctx.db.update(tickets).set({ status: 'closed' }).where(eq(tickets.id, ids[2]!));
    expect(await countTicketViews(t.ctx, w.supervisor)).toEqual({ ...before, unassigned: 1, all: 2 });
  });
});
