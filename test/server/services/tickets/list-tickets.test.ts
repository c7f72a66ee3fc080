import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { tickets } from '../../../../server/db/schema/index.ts';
import { assign } from '../../../../server/services/tickets/assign.ts';
import { listTickets, type ListTicketsInput } from '../../../../server/services/tickets/list-tickets.ts';
import { reply } from '../../../../server/services/tickets/reply.ts';
import { resolve } from '../../../../server/services/tickets/resolve.ts';
import { setPriority } from '../../../../server/services/tickets/set-priority.ts';
import { tag } from '../../../../server/services/tickets/tag.ts';
import { ticketsChangedSince } from '../../../../server/services/tickets/tickets-changed-since.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildTeamTicket, buildWorld } from '../../../support/ticket-world.ts';

const { t } = contextWorld();
let w: Awaited<ReturnType<typeof buildWorld>>;
beforeEach(async () => {
  w = await buildWorld(t.ctx);
});

const subjects = async (actor: Parameters<typeof listTickets>[1], input: ListTicketsInput = {}) =>
  (await listTickets(t.ctx, actor, { limit: 100, ...input })).tickets.map((x) => x.subject);

/** Opens a ticket `minutesAgo` before the test clock's now, so sorts have something to order. */
async function opened(subject: string, minutesAgo: number, teamId: string | null, extra: Parameters<typeof buildTeamTicket>[2] = {}) {
  return buildTeamTicket(t.ctx, teamId, { subject, receivedAt: new Date(t.ctx.now().getTime() - minutesAgo * 60_000), ...extra });
}

describe('listTickets', () => {
  it('scopes views and never shows an agent a ticket they may not see', async () => {
    const a = await opened('A: team A', 50, w.teamA.id);
    await opened('B: team B', 40, w.teamB.id);
    await opened('C: no team', 30, null);
    await assign(t.ctx, w.supervisor, a.ticketId, { assigneeId: w.agentA.id });

    expect((await subjects(w.agentA)).sort()).toEqual(['A: team A', 'C: no team']);
    expect((await subjects(w.supervisor)).sort()).toEqual(['A: team A', 'B: team B', 'C: no team']);
    expect(await subjects(w.agentA, { view: 'mine' })).toEqual(['A: team A']);
    expect((await subjects(w.supervisor, { view: 'unassigned' })).sort()).toEqual(['B: team B', 'C: no team']);
    expect(await subjects(w.supervisor, { view: `team:${w.teamB.id}` })).toEqual(['B: team B']);
    expect(await subjects(w.agentA, { view: `team:${w.teamB.id}` })).toEqual([]);

    const { counts } = await listTickets(t.ctx, w.agentA);
    expect(counts).toEqual({ mine: 1, unassigned: 1, all: 2, teams: { [w.teamA.id]: 1 }, spam: 0 });
    await expect(listTickets(t.ctx, w.editor)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('filters by status, channel, priority, tag, assignee, team and customer', async () => {
    const a = await opened('email one', 10, null, { channel: 'email', sender: { externalId: 'ann@example.com', displayName: 'Ann' } });
    const b = await opened('telegram one', 9, w.teamB.id, { channel: 'telegram' });
    await opened('api one', 8, null);
    await setPriority(t.ctx, w.admin, b.ticketId, { priority: 'urgent' });
    await tag(t.ctx, w.admin, a.ticketId, { add: ['Refund'] });
    await resolve(t.ctx, w.admin, a.ticketId);
    await assign(t.ctx, w.admin, b.ticketId, { assigneeId: w.agentB.id });

    expect(await subjects(w.admin, { status: ['resolved'] })).toEqual(['email one']);
    expect((await subjects(w.admin, { status: ['new', 'open'] })).sort()).toEqual(['api one', 'telegram one']);
    expect((await subjects(w.admin, { channel: ['email', 'telegram'] })).sort()).toEqual(['email one', 'telegram one']);
    expect(await subjects(w.admin, { priority: ['urgent', 'high'] })).toEqual(['telegram one']);
    expect(await subjects(w.admin, { tag: ' REFUND ' })).toEqual(['email one']);
    expect(await subjects(w.admin, { assigneeId: w.agentB.id })).toEqual(['telegram one']);
    expect(await subjects(w.admin, { teamId: w.teamB.id })).toEqual(['telegram one']);
    expect(await subjects(w.admin, { customerId: a.customerId })).toEqual(['email one']);
    await expect(listTickets(t.ctx, w.admin, { status: ['lost' as never] })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('status.0'),
    });
  });

  it('searches subject, message text, customer name and email, and ticket numbers', async () => {
    const a = await opened('Printer jam', 10, null, {
      text: 'Paper stuck in tray 2',
      sender: { externalId: 'zoe@acme.test', displayName: 'Zoë Quinn', email: 'zoe@acme.test' },
    });
    await opened('Login broken', 9, null, { text: 'Password reset mail never came' });
    await opened('100% off?', 8, null, { text: 'Is the coupon real' });
    const [row] = await t.ctx.db.select({ number: tickets.number }).from(tickets).where(eq(tickets.id, a.ticketId));

    expect(await subjects(w.admin, { q: 'printer' })).toEqual(['Printer jam']);
    expect(await subjects(w.admin, { q: 'TRAY 2' })).toEqual(['Printer jam']);
    expect(await subjects(w.admin, { q: 'zoë' })).toEqual(['Printer jam']);
    expect(await subjects(w.admin, { q: 'acme.test' })).toEqual(['Printer jam']);
    expect(await subjects(w.admin, { q: `#${row!.number}` })).toEqual(['Printer jam']);
    expect(await subjects(w.admin, { q: '100%' })).toEqual(['100% off?']);
    expect(await subjects(w.admin, { q: '_' })).toEqual([]);
  });

  it('sorts by waiting (unanswered, longest first), priority, updated and created', async () => {
    const old = await opened('old', 120, null);
    const mid = await opened('mid', 60, null);
    const fresh = await opened('fresh', 5, null);
    await reply(t.ctx, w.admin, old.ticketId, { text: 'answered' });
    await setPriority(t.ctx, w.admin, fresh.ticketId, { priority: 'high' });
    t.clock.advance(1_000);
    await setPriority(t.ctx, w.admin, mid.ticketId, { priority: 'low' });

    expect(await subjects(w.admin, { sort: 'waiting' })).toEqual(['mid', 'fresh', 'old']);
    expect(await subjects(w.admin, { sort: 'priority' })).toEqual(['fresh', 'old', 'mid']);
    expect(await subjects(w.admin, { sort: 'updated' })).toEqual(['mid', 'fresh', 'old']);
    expect(await subjects(w.admin, { sort: 'created' })).toEqual(['fresh', 'mid', 'old']);
  });

  it('pages with a stable cursor: every ticket once, in order, even while new ones arrive', async () => {
    for (let i = 0; i < 7; i++) {
      await opened(`t${i}`, 100 - i, null);
      t.clock.advance(1_000);
    }
    for (const sort of ['waiting', 'priority', 'updated', 'created'] as const) {
      const all = await subjects(w.admin, { sort });
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await listTickets(t.ctx, w.admin, { sort, limit: 3, cursor });
        seen.push(...page.tickets.map((x) => x.subject));
        if (pages === 0) await opened(`late-${sort}`, 200, null);
        expect(page.counts === null).toBe(pages > 0);
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      // The late ticket sorts before the cursor in every order: it must not shift or repeat later pages.
      expect(seen.filter((s) => s !== `late-${sort}`)).toEqual(all);
      expect(new Set(seen).size).toBe(seen.length);
    }
  });

  it('refuses a tampered cursor, a cursor of another sort, and a limit over 100, naming the field', async () => {
    await opened('x', 1, null);
    await opened('y', 2, null);
    const { nextCursor } = await listTickets(t.ctx, w.admin, { limit: 1, sort: 'created' });
    await expect(listTickets(t.ctx, w.admin, { sort: 'updated', cursor: nextCursor! })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('cursor'),
    });
    const forged = Buffer.from(JSON.stringify({ s: 'created', v: ["'; drop table tickets; --", 'x'] })).toString('base64url');
    await expect(listTickets(t.ctx, w.admin, { sort: 'created', cursor: forged })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('cursor'),
    });
    await expect(listTickets(t.ctx, w.admin, { cursor: '%%%' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(listTickets(t.ctx, w.admin, { limit: 101 })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('limit'),
    });
    expect(await t.ctx.db.$count(tickets)).toBe(2);
  });

  it('gives each list row its customer and a preview of the last message', async () => {
    const a = await opened('Broken lamp', 5, null, { text: 'It flickers', sender: { externalId: 'lee@example.com', displayName: 'Lee' } });
    await reply(t.ctx, w.admin, a.ticketId, { text: 'Try a new bulb' });
    const [row] = (await listTickets(t.ctx, w.admin)).tickets;
    expect(row).toMatchObject({ subject: 'Broken lamp', customer: { name: 'Lee' }, preview: 'Try a new bulb' });
  });
});

describe('ticketsChangedSince', () => {
  it('returns what changed since a time, scoped to what the actor may see', async () => {
    const a = await opened('seen by A', 10, w.teamA.id);
    const b = await opened('team B only', 10, w.teamB.id);
    const first = await ticketsChangedSince(t.ctx, w.agentA, new Date(0));
    expect(first.tickets.map((x) => x.subject)).toEqual(['seen by A']);

    t.clock.advance(60_000);
    const since = new Date(first.nextSince);
    await setPriority(t.ctx, w.admin, a.ticketId, { priority: 'high' });
    await setPriority(t.ctx, w.admin, b.ticketId, { priority: 'high' });
    const later = await ticketsChangedSince(t.ctx, w.agentA, since);
    expect(later.tickets.map((x) => [x.subject, x.priority])).toEqual([['seen by A', 'high']]);
    expect(new Date(later.nextSince).getTime()).toBeGreaterThanOrEqual(since.getTime());
    await expect(ticketsChangedSince(t.ctx, w.editor, since)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
