import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { messages, outbox, ticketEvents, users } from '../../../../server/db/schema/index.ts';
import { assign } from '../../../../server/services/tickets/assign.ts';
import { close } from '../../../../server/services/tickets/close.ts';
import { escalate } from '../../../../server/services/tickets/escalate.ts';
import { getTicket } from '../../../../server/services/tickets/get-ticket.ts';
import { hold } from '../../../../server/services/tickets/hold.ts';
import { ingest } from '../../../../server/services/tickets/ingest.ts';
import { reopen } from '../../../../server/services/tickets/reopen.ts';
import { resolve } from '../../../../server/services/tickets/resolve.ts';
import { setPriority } from '../../../../server/services/tickets/set-priority.ts';
import { tag } from '../../../../server/services/tickets/tag.ts';
import { transfer } from '../../../../server/services/tickets/transfer.ts';
import { teams } from '../../../../server/db/schema/index.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildInbound, buildUser } from '../../../support/factories.ts';
import { buildTeamTicket, buildWorld, ticketRow } from '../../../support/ticket-world.ts';

const { t } = contextWorld();
let w: Awaited<ReturnType<typeof buildWorld>>;
beforeEach(async () => {
  w = await buildWorld(t.ctx);
});

const history = async (ticketId: string) =>
  (await t.ctx.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(ticketEvents.id)).map((e) => ({
    kind: e.kind,
    from: e.fromValue,
    to: e.toValue,
    actorId: e.actorId,
    data: e.data,
  }));
const lastEvent = async (ticketId: string) => (await history(ticketId)).at(-1)!;

describe('assign', () => {
  it('gives the ticket to an agent and records who did it, from whom to whom', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamA.id);
    t.published.length = 0;
    const view = await assign(t.ctx, w.supervisor, ticketId, { assigneeId: w.agentA.id });
    expect(view.assigneeId).toBe(w.agentA.id);
    expect(await lastEvent(ticketId)).toMatchObject({ kind: 'assigned', from: null, to: w.agentA.id, actorId: w.supervisor.id });
    expect(t.published.map((e) => e.name)).toEqual(['ticket.updated']);

    await assign(t.ctx, w.agentA, ticketId, { assigneeId: null });
    expect(await lastEvent(ticketId)).toMatchObject({ kind: 'assigned', from: w.agentA.id, to: null, actorId: w.agentA.id });
    expect((await ticketRow(t.ctx, ticketId)).assigneeId).toBeNull();
  });

  it('refuses assignees who cannot work tickets, naming the field', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, null);
    const gone = await buildUser(t.ctx, { roles: ['agent'] });
    await t.ctx.db.update(users).set({ active: false }).where(eq(users.id, gone.id));
    for (const assigneeId of [w.editor.id, gone.id, '00000000-0000-4000-8000-000000000000']) {
      await expect(assign(t.ctx, w.admin, ticketId, { assigneeId })).rejects.toMatchObject({
        code: 'VALIDATION',
        message: expect.stringContaining('assigneeId'),
      });
    }
    expect(await history(ticketId)).toHaveLength(2);
  });

  it('writes nothing when the ticket already has that assignee', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, null);
    await assign(t.ctx, w.admin, ticketId, { assigneeId: w.agentB.id });
    const before = await history(ticketId);
    await assign(t.ctx, w.admin, ticketId, { assigneeId: w.agentB.id });
    expect(await history(ticketId)).toEqual(before);
  });
});

describe('transfer', () => {
  it('moves a ticket to another team with a note; the old team loses sight of it', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamA.id);
    await assign(t.ctx, w.agentA, ticketId, { assigneeId: w.agentA.id });
    const { ticket, note } = await transfer(t.ctx, w.agentA, ticketId, { teamId: w.teamB.id, note: 'Billing question, not ours' });
    expect(ticket).toMatchObject({ teamId: w.teamB.id, assigneeId: null });
    expect(note).toMatchObject({ direction: 'note', text: 'Billing question, not ours', authorUserId: w.agentA.id });
    expect(await lastEvent(ticketId)).toMatchObject({
      kind: 'transferred',
      from: w.teamA.id,
      to: w.teamB.id,
      actorId: w.agentA.id,
      data: { fromAssigneeId: w.agentA.id, toAssigneeId: null, note: 'Billing question, not ours' },
    });
    await expect(getTicket(t.ctx, w.agentA, ticketId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await getTicket(t.ctx, w.agentB, ticketId)).ticket.teamId).toBe(w.teamB.id);
  });

  it('hands to a named agent of the team, and refuses an agent outside it', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamA.id);
    await expect(transfer(t.ctx, w.supervisor, ticketId, { teamId: w.teamB.id, assigneeId: w.agentA.id })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('assigneeId'),
    });
    const { ticket } = await transfer(t.ctx, w.supervisor, ticketId, { teamId: w.teamB.id, assigneeId: w.agentB.id });
    expect(ticket).toMatchObject({ teamId: w.teamB.id, assigneeId: w.agentB.id });
  });

  it('needs a team or an agent', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, null);
    await expect(transfer(t.ctx, w.admin, ticketId, { note: 'where to?' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('teamId'),
    });
    await expect(transfer(t.ctx, w.admin, ticketId, { teamId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });
});

describe('priority, escalation and tags', () => {
  it('sets the priority with a from -> to history row', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamA.id);
    expect((await setPriority(t.ctx, w.agentA, ticketId, { priority: 'urgent' })).priority).toBe('urgent');
    expect(await lastEvent(ticketId)).toMatchObject({ kind: 'priority_changed', from: 'normal', to: 'urgent', actorId: w.agentA.id });
    await expect(setPriority(t.ctx, w.agentA, ticketId, { priority: 'asap' as never })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('priority'),
    });
  });

  it('escalates one level with a required reason, into the escalation team when there is one', async () => {
    await t.ctx.db.update(teams).set({ escalationTeamId: w.teamB.id }).where(eq(teams.id, w.teamA.id));
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamA.id);
    await expect(escalate(t.ctx, w.agentA, ticketId, { reason: '  ' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('reason'),
    });
    await assign(t.ctx, w.agentA, ticketId, { assigneeId: w.agentA.id });
    const view = await escalate(t.ctx, w.agentA, ticketId, { reason: 'Refund above my limit' });
    expect(view).toMatchObject({
      escalationLevel: 1,
      escalationReason: 'Refund above my limit',
      teamId: w.teamB.id,
      assigneeId: w.agentA.id,
    });
    expect(await lastEvent(ticketId)).toMatchObject({
      kind: 'escalated',
      from: '0',
      to: '1',
      data: { reason: 'Refund above my limit', toTeamId: w.teamB.id },
    });
    expect((await escalate(t.ctx, w.supervisor, ticketId, { reason: 'Still stuck' })).escalationLevel).toBe(2);
  });

  it('adds and removes normalised tags', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, null);
    expect((await tag(t.ctx, w.agentB, ticketId, { add: ['  VIP Customer ', 'Billing', 'billing'] })).tags).toEqual([
      'vip-customer',
      'billing',
    ]);
    expect(await lastEvent(ticketId)).toMatchObject({
      kind: 'tagged',
      from: '',
      to: 'vip-customer,billing',
      data: { added: ['vip-customer', 'billing'], removed: [] },
    });
    expect((await tag(t.ctx, w.agentB, ticketId, { remove: ['BILLING'], add: ['refund'] })).tags).toEqual(['vip-customer', 'refund']);
    await expect(tag(t.ctx, w.agentB, ticketId, { add: ['!!!'] })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('add.0'),
    });
    await expect(tag(t.ctx, w.agentB, ticketId, {})).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe('status lifecycle', () => {
  it('holds, resolves, reopens and closes, one history row per transition', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamA.id);
    expect((await hold(t.ctx, w.agentA, ticketId)).status).toBe('pending');
    const resolved = await resolve(t.ctx, w.agentA, ticketId, { reason: 'Sent the replacement' });
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: expect.any(String) });
    const reopened = await reopen(t.ctx, w.agentA, ticketId);
    expect(reopened).toMatchObject({ status: 'open', resolvedAt: null });
    const closed = await close(t.ctx, w.supervisor, ticketId);
    expect(closed).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    const transitions = (await history(ticketId)).filter((e) => e.kind === 'status_changed' || e.kind === 'reopened');
    expect(transitions.map((e) => [e.kind, e.from, e.to, e.actorId])).toEqual([
      ['status_changed', 'new', 'pending', w.agentA.id],
      ['status_changed', 'pending', 'resolved', w.agentA.id],
      ['reopened', 'resolved', 'open', w.agentA.id],
      ['status_changed', 'open', 'closed', w.supervisor.id],
    ]);
    expect(transitions[1]!.data).toMatchObject({ action: 'resolve', reason: 'Sent the replacement' });
  });

  it('refuses invalid transitions with CONFLICT naming from and to, changing nothing', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, null);
    await expect(reopen(t.ctx, w.admin, ticketId)).rejects.toMatchObject({ code: 'CONFLICT', details: { from: 'new', to: 'open' } });
    await hold(t.ctx, w.admin, ticketId);
    await expect(hold(t.ctx, w.admin, ticketId)).rejects.toMatchObject({ code: 'CONFLICT', details: { from: 'pending', to: 'pending' } });
    await resolve(t.ctx, w.admin, ticketId);
    await expect(resolve(t.ctx, w.admin, ticketId)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { from: 'resolved', to: 'resolved' },
    });
    await expect(hold(t.ctx, w.admin, ticketId)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('from resolved to pending'),
    });
    await close(t.ctx, w.admin, ticketId);
    const before = await history(ticketId);
    await expect(reopen(t.ctx, w.admin, ticketId)).rejects.toMatchObject({ code: 'CONFLICT', details: { from: 'closed', to: 'open' } });
    await expect(close(t.ctx, w.admin, ticketId)).rejects.toMatchObject({ code: 'CONFLICT', details: { from: 'closed', to: 'closed' } });
    await expect(assign(t.ctx, w.admin, ticketId, { assigneeId: w.agentA.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { from: 'closed' },
    });
    await expect(setPriority(t.ctx, w.admin, ticketId, { priority: 'high' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(escalate(t.ctx, w.admin, ticketId, { reason: 'x' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(transfer(t.ctx, w.admin, ticketId, { teamId: w.teamA.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await history(ticketId)).toEqual(before);
    expect((await ticketRow(t.ctx, ticketId)).status).toBe('closed');
  });

  it('a closed ticket stays closed: the customer’s next message opens a new ticket', async () => {
    const first = buildInbound({ threadKey: 'chat-7', sender: { externalId: 'c7' } });
    const { ticketId } = await ingest(t.ctx, first);
    await close(t.ctx, w.admin, ticketId);
    const again = await ingest(t.ctx, buildInbound({ threadKey: 'chat-7', sender: { externalId: 'c7' } }));
    expect(again.ticketCreated).toBe(true);
    expect(again.ticketId).not.toBe(ticketId);
    expect((await ticketRow(t.ctx, ticketId)).status).toBe('closed');
  });
});

describe('who may act', () => {
  const verbs: Array<[string, (actor: Parameters<typeof hold>[1], id: string) => Promise<unknown>]> = [
    ['assign', (a, id) => assign(t.ctx, a, id, { assigneeId: w.agentB.id })],
    ['transfer', (a, id) => transfer(t.ctx, a, id, { teamId: w.teamB.id })],
    ['setPriority', (a, id) => setPriority(t.ctx, a, id, { priority: 'high' })],
    ['hold', (a, id) => hold(t.ctx, a, id)],
    ['escalate', (a, id) => escalate(t.ctx, a, id, { reason: 'why not' })],
    ['resolve', (a, id) => resolve(t.ctx, a, id)],
    ['close', (a, id) => close(t.ctx, a, id)],
    ['tag', (a, id) => tag(t.ctx, a, id, { add: ['x'] })],
    ['getTicket', (a, id) => getTicket(t.ctx, a, id)],
  ];

  it.each(verbs)('%s: an editor is refused (FORBIDDEN) and an agent of another team sees no ticket (NOT_FOUND)', async (_name, run) => {
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamA.id);
    const before = await history(ticketId);
    await expect(run(w.editor, ticketId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(run(w.agentB, ticketId)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Ticket not found' });
    expect(await history(ticketId)).toEqual(before);
    await expect(run(w.agentA, ticketId)).resolves.toBeDefined();
  });

  it('reopen: refused the same way', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamA.id);
    await resolve(t.ctx, w.agentA, ticketId);
    await expect(reopen(t.ctx, w.editor, ticketId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(reopen(t.ctx, w.agentB, ticketId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(reopen(t.ctx, w.agentA, ticketId)).resolves.toMatchObject({ status: 'open' });
  });

  it('an agent may act on tickets assigned to them in another team, and on team-less tickets', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamB.id);
    await assign(t.ctx, w.supervisor, ticketId, { assigneeId: w.agentA.id });
    await expect(setPriority(t.ctx, w.agentA, ticketId, { priority: 'low' })).resolves.toMatchObject({ priority: 'low' });
    const loose = await buildTeamTicket(t.ctx, null);
    await expect(hold(t.ctx, w.agentB, loose.ticketId)).resolves.toMatchObject({ status: 'pending' });
  });

  it('a malformed ticket id is simply not found', async () => {
    await expect(hold(t.ctx, w.admin, 'not-a-uuid')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lifecycle verbs never queue deliveries or messages', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, null);
    await hold(t.ctx, w.admin, ticketId);
    await resolve(t.ctx, w.admin, ticketId);
    expect(await t.ctx.db.$count(outbox, eq(outbox.topic, 'message.deliver'))).toBe(0);
    expect(await t.ctx.db.$count(messages, and(eq(messages.ticketId, ticketId), eq(messages.direction, 'out')))).toBe(0);
  });
});
