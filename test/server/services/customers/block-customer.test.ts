import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditLog, customers, messages, notifications, outbox, tickets } from '../../../../server/db/schema/index.ts';
import { blockCustomer } from '../../../../server/services/customers/block-customer.ts';
import { unblockCustomer } from '../../../../server/services/customers/unblock-customer.ts';
import { routeTicket } from '../../../../server/services/routing/route-ticket.ts';
import { setFollowing } from '../../../../server/services/notifications/follow.ts';
import { listTickets } from '../../../../server/services/tickets/list-tickets.ts';
import { resolve } from '../../../../server/services/tickets/resolve.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildTicket } from '../../../support/factories.ts';
import { buildWorld } from '../../../support/ticket-world.ts';

const { t } = contextWorld();
let w: Awaited<ReturnType<typeof buildWorld>>;
let announced: string[];
beforeEach(async () => {
  w = await buildWorld(t.ctx);
  announced = [];
});
const listen = () => {
  const off = [
    t.ctx.events.on('ticket.created', (e) => announced.push(`created:${e.ticket.id}`)),
    t.ctx.events.on('message.created', (e) => announced.push(`message:${e.ticket.id}`)),
  ];
  return () => off.forEach((f) => f());
};

const ids = async (view: 'spam' | 'unassigned' | 'all') => (await listTickets(t.ctx, w.supervisor, { view })).tickets.map((x) => x.id);

describe('blocking a customer', () => {
  it('keeps their messages on spam tickets that are not routed, announced or listed outside the Spam view', async () => {
    const sender = { externalId: 'spammer@example.com', displayName: 'Spammer' };
    const before = await buildTicket(t.ctx, { channel: 'email', threadKey: '<a@x>', sender });
    await setFollowing(t.ctx, w.supervisor, before.ticketId, true);
    const view = await blockCustomer(t.ctx, w.agentA, before.customerId);
    expect(view.blockedAt).not.toBeNull();
    const [row] = await t.ctx.db.select().from(customers).where(eq(customers.id, before.customerId));
    expect(row!.blockedByUserId).toBe(w.agentA.id);
    // Their open ticket moved to Spam at once.
    expect(await ids('unassigned')).not.toContain(before.ticketId);
    expect(await ids('spam')).toEqual([before.ticketId]);

    const stop = listen();
    const next = await buildTicket(t.ctx, { channel: 'email', threadKey: '<b@x>', sender, text: 'Buy now' });
    const onOld = await buildTicket(t.ctx, { channel: 'email', threadKey: '<a@x>', sender, text: 'Again' });
    stop();
    expect(next).toMatchObject({ ticketCreated: true, spam: true, duplicate: false });
    expect(onOld).toMatchObject({ ticketId: before.ticketId, spam: true });
    expect(announced).toEqual([]);
    expect(await t.ctx.db.$count(notifications, eq(notifications.kind, 'follow'))).toBe(0);
    expect(await t.ctx.db.$count(messages, eq(messages.customerId, before.customerId))).toBe(3);
    expect(await t.ctx.db.$count(outbox, and(eq(outbox.topic, 'ticket.route'), eq(outbox.dedupeKey, `route:${next.ticketId}`)))).toBe(0);
    expect(await routeTicket(t.ctx, next.ticketId)).toBeNull();
    const [spam] = await t.ctx.db.select().from(tickets).where(eq(tickets.id, next.ticketId));
    expect(spam).toMatchObject({ spam: true, assigneeId: null, firstResponseDueAt: null });

    const list = await listTickets(t.ctx, w.supervisor, { view: 'all' });
    expect(list.tickets.map((x) => x.id)).not.toContain(next.ticketId);
    expect(list.counts).toMatchObject({ all: 0, unassigned: 0, spam: 2 });
    expect((await ids('spam')).sort()).toEqual([before.ticketId, next.ticketId].sort());
    // Resolving spam asks the blocked customer for no rating.
    await resolve(t.ctx, w.supervisor, next.ticketId);
    expect(await t.ctx.db.$count(outbox, eq(outbox.topic, 'csat.survey'))).toBe(0);
    expect((await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'customer.blocked')))[0]).toMatchObject({
      actorId: w.agentA.id,
      targetId: before.customerId,
    });
  });

  it('unblocking brings their tickets back and routes the ones opened while blocked', async () => {
    const sender = { externalId: 'later@example.com' };
    const first = await buildTicket(t.ctx, { channel: 'email', sender });
    await blockCustomer(t.ctx, w.agentA, first.customerId);
    const whileBlocked = await buildTicket(t.ctx, { channel: 'email', sender });
    expect(whileBlocked.spam).toBe(true);
    const view = await unblockCustomer(t.ctx, w.agentB, first.customerId);
    expect(view.blockedAt).toBeNull();
    expect((await ids('unassigned')).sort()).toEqual([first.ticketId, whileBlocked.ticketId].sort());
    expect(await ids('spam')).toEqual([]);
    expect(await t.ctx.db.$count(outbox, eq(outbox.dedupeKey, `route:${whileBlocked.ticketId}`))).toBe(1);
    const after = await buildTicket(t.ctx, { channel: 'email', sender });
    expect(after.spam).toBe(false);
    expect(await t.ctx.db.$count(auditLog, eq(auditLog.action, 'customer.unblocked'))).toBe(1);
  });

  it('refuses editors and unknown customers, and a merged customer', async () => {
    const { customerId } = await buildTicket(t.ctx);
    await expect(blockCustomer(t.ctx, w.editor, customerId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(unblockCustomer(t.ctx, w.editor, customerId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(blockCustomer(t.ctx, w.agentA, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(blockCustomer(t.ctx, w.agentA, 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const [row] = await t.ctx.db.select().from(customers).where(eq(customers.id, customerId));
    expect(row!.blockedAt).toBeNull();
    expect(await t.ctx.db.$count(auditLog)).toBe(0);
  });
});
