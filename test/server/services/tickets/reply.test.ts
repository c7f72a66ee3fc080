import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { attachments, messages, outbox, ticketEvents } from '../../../../server/db/schema/index.ts';
import { addNote } from '../../../../server/services/tickets/add-note.ts';
import { close } from '../../../../server/services/tickets/close.ts';
import { reply } from '../../../../server/services/tickets/reply.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildTeamTicket, buildWorld, ticketRow } from '../../../support/ticket-world.ts';

const { t } = contextWorld();
let w: Awaited<ReturnType<typeof buildWorld>>;
beforeEach(async () => {
  w = await buildWorld(t.ctx);
});

const deliveries = () => t.ctx.db.select().from(outbox).where(eq(outbox.topic, 'message.deliver'));
const kinds = async (ticketId: string) =>
  (await t.ctx.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(ticketEvents.id)).map((e) => [
    e.kind,
    e.fromValue,
    e.toValue,
    e.actorId,
  ]);

describe('reply', () => {
  it('queues the message and its delivery together, answers the ticket, opens it and gives it to the one who answered', async () => {
    const { ticketId, messageId: inboundId } = await buildTeamTicket(t.ctx, w.teamA.id, { externalMessageId: 'ext-1' });
    t.published.length = 0;
    t.clock.advance(60_000);
    const { message, ticket } = await reply(t.ctx, w.agentA, ticketId, { text: 'We are on it.' });
    expect(message).toMatchObject({
      direction: 'out',
      deliveryStatus: 'queued',
      authorUserId: w.agentA.id,
      text: 'We are on it.',
      inReplyTo: 'ext-1',
    });
    expect(ticket).toMatchObject({ status: 'open', firstResponseAt: message.createdAt, lastAgentMessageAt: message.createdAt });
    expect((await deliveries()).map((r) => [r.payload, r.status])).toEqual([[{ messageId: message.id }, 'pending']]);
    expect((await kinds(ticketId)).slice(2)).toEqual([
      ['assigned', null, w.agentA.id, w.agentA.id],
      ['replied', null, null, w.agentA.id],
      ['status_changed', 'new', 'open', w.agentA.id],
    ]);
    expect(t.published.map((e) => e.name)).toEqual(['message.created', 'ticket.updated']);
    expect(inboundId).not.toBe(message.id);

    t.clock.advance(60_000);
    const second = await reply(t.ctx, w.agentA, ticketId, { text: 'Shipped today.' });
    expect(second.ticket.firstResponseAt).toBe(ticket.firstResponseAt);
    expect(second.ticket.lastAgentMessageAt).toBe(second.message.createdAt);
    expect(await deliveries()).toHaveLength(2);
  });

  it('stores a retried send with the same clientId once', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, null);
    const [a, b] = await Promise.all([
      reply(t.ctx, w.agentB, ticketId, { text: 'Hello', clientId: 'c-1' }),
      reply(t.ctx, w.agentB, ticketId, { text: 'Hello', clientId: 'c-1' }),
    ]);
    expect(a.message.id).toBe(b.message.id);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(await deliveries()).toHaveLength(1);
    expect(await t.ctx.db.$count(messages, eq(messages.direction, 'out'))).toBe(1);
  });

  it('keeps attachments with the reply', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, null);
    const content = Buffer.from('%PDF-1.4 invoice').toString('base64');
    const { message } = await reply(t.ctx, w.admin, ticketId, {
      text: '',
      attachments: [{ filename: '../../invoice 7.pdf', contentType: 'application/pdf', content }],
    });
    expect(message.attachments).toEqual([expect.objectContaining({ filename: 'invoice 7.pdf', contentType: 'application/pdf', size: 16 })]);
    expect(await t.ctx.db.$count(attachments)).toBe(1);
  });

  it('refuses an empty reply, naming the field, and writes nothing', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, null);
    await expect(reply(t.ctx, w.admin, ticketId, { text: '   ' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('text'),
    });
    expect(await deliveries()).toHaveLength(0);
  });

  it('refuses editors, agents of other teams, and closed tickets; writes nothing', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamA.id);
    await expect(reply(t.ctx, w.editor, ticketId, { text: 'hi' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(reply(t.ctx, w.agentB, ticketId, { text: 'hi' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await close(t.ctx, w.agentA, ticketId);
    await expect(reply(t.ctx, w.agentA, ticketId, { text: 'hi' })).rejects.toMatchObject({ code: 'CONFLICT', details: { from: 'closed' } });
    expect(await deliveries()).toHaveLength(0);
    expect((await ticketRow(t.ctx, ticketId)).firstResponseAt).toBeNull();
  });
});

describe('addNote', () => {
  it('adds an internal note that is never queued for delivery and does not count as a response', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamA.id);
    const { message } = await addNote(t.ctx, w.agentA, ticketId, { text: 'Customer sounds upset; be gentle', clientId: 'n-1' });
    expect(message).toMatchObject({ direction: 'note', authorUserId: w.agentA.id });
    const again = await addNote(t.ctx, w.agentA, ticketId, { text: 'Customer sounds upset; be gentle', clientId: 'n-1' });
    expect(again).toMatchObject({ duplicate: true, message: { id: message.id } });
    expect(await deliveries()).toHaveLength(0);
    expect((await kinds(ticketId)).at(-1)).toEqual(['note_added', null, null, w.agentA.id]);
    expect(await ticketRow(t.ctx, ticketId)).toMatchObject({ status: 'new', firstResponseAt: null });
  });

  it('refuses editors and agents of other teams', async () => {
    const { ticketId } = await buildTeamTicket(t.ctx, w.teamA.id);
    await expect(addNote(t.ctx, w.editor, ticketId, { text: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(addNote(t.ctx, w.agentB, ticketId, { text: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.ctx.db.$count(messages, eq(messages.direction, 'note'))).toBe(0);
  });
});
