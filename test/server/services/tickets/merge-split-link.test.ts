import { asc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditLog, messages, ticketEvents, ticketLinks } from '../../../../server/db/schema/index.ts';
import { loadConversation } from '../../../../channels/widget/history.ts';
import { buildDelivery } from '../../../../server/services/messages/build-outbound.ts';
import { ingest } from '../../../../server/services/tickets/ingest.ts';
import { linkTickets, unlinkTickets } from '../../../../server/services/tickets/link-tickets.ts';
import { listTicketLinks } from '../../../../server/services/tickets/list-ticket-links.ts';
import { mergeTickets } from '../../../../server/services/tickets/merge-tickets.ts';
import { reply } from '../../../../server/services/tickets/reply.ts';
import { splitTicket } from '../../../../server/services/tickets/split-ticket.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildInbound } from '../../../support/factories.ts';
import { buildTeamTicket, buildWorld, ticketRow } from '../../../support/ticket-world.ts';

const { t } = contextWorld();
let w: Awaited<ReturnType<typeof buildWorld>>;
beforeEach(async () => {
  w = await buildWorld(t.ctx);
});

const thread = async (ticketId: string) =>
  (await t.ctx.db.select().from(messages).where(eq(messages.ticketId, ticketId)).orderBy(asc(messages.createdAt))).map((m) => m.text);
const kinds = async (ticketId: string) =>
  (await t.ctx.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(ticketEvents.id)).map((e) => e.kind);
const sender = { externalId: 'wang.fang@example.cn', displayName: '王芳' };

describe('mergeTickets', () => {
  it('moves every message into the survivor in time order, closes the source with a link, and keeps both histories', async () => {
    const a = await buildTeamTicket(t.ctx, w.teamA.id, { sender, text: 'first, on ticket A' });
    const b = await buildTeamTicket(t.ctx, w.teamA.id, { sender, text: 'second, on ticket B' });
    await ingest(t.ctx, buildInbound({ sender, threadKey: (await ticketRow(t.ctx, a.ticketId)).threadKey, text: 'third, on A again' }));
    await reply(t.ctx, w.agentA, b.ticketId, { text: 'an answer on B', clientId: 'r-1' });
    const before = await t.ctx.db.$count(messages);
    t.published.length = 0;

    const result = await mergeTickets(t.ctx, w.agentA, a.ticketId, { targetId: b.ticketId });

    expect(result.movedMessages).toBe(2);
    expect(await t.ctx.db.$count(messages)).toBe(before);
    expect(await thread(b.ticketId)).toEqual(['first, on ticket A', 'second, on ticket B', 'third, on A again', 'an answer on B']);
    expect(await thread(a.ticketId)).toEqual([]);
    const source = await ticketRow(t.ctx, a.ticketId);
    expect([source.status, source.mergedIntoId]).toEqual(['closed', b.ticketId]);
    expect(await kinds(a.ticketId)).toEqual(['created', 'message_received', 'message_received', 'merged']);
    expect((await kinds(b.ticketId)).at(-1)).toBe('merged');
    expect(await t.ctx.db.select({ kind: ticketLinks.kind }).from(ticketLinks).where(eq(ticketLinks.ticketId, a.ticketId))).toEqual([
      { kind: 'merged' },
    ]);
    expect(await t.ctx.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, a.ticketId))).toEqual([
      { action: 'ticket.merge' },
    ]);
    expect(t.published.map((e) => e.name)).toEqual(['ticket.updated', 'ticket.updated']);
    expect(await listTicketLinks(t.ctx, w.agentA, a.ticketId)).toMatchObject({
      mergedInto: { id: b.ticketId, number: b.ticketNumber },
      links: [{ kind: 'merged', direction: 'out', ticket: { id: b.ticketId } }],
    });
  });

  it("files the customer's next message on the merged conversation in the survivor", async () => {
    const a = await buildTeamTicket(t.ctx, null, { sender });
    const b = await buildTeamTicket(t.ctx, null, { sender });
    await mergeTickets(t.ctx, w.supervisor, a.ticketId, { targetId: b.ticketId });
    const threadKey = (await ticketRow(t.ctx, a.ticketId)).threadKey;
    const later = await ingest(t.ctx, buildInbound({ sender, threadKey, text: 'are you there?' }));
    expect(later.ticketId).toBe(b.ticketId);
    expect(later.ticketCreated).toBe(false);
  });

  it("threads the survivor's replies with its own channel's message ids only", async () => {
    const mail = await buildTeamTicket(t.ctx, null, { sender, channel: 'email', externalMessageId: '<first@customer.example>' });
    const chat = await buildTeamTicket(t.ctx, null, { sender, externalMessageId: 'api-message-1' });
    await mergeTickets(t.ctx, w.agentA, chat.ticketId, { targetId: mail.ticketId, confirmOtherCustomer: true });
    const answer = await reply(t.ctx, w.agentA, mail.ticketId, { text: 'We are on it', clientId: 'r-9' });
    expect(answer.message.inReplyTo).toBe('<first@customer.example>');
    const delivery = await buildDelivery(t.ctx, answer.message.id);
    expect(delivery?.outbound).toMatchObject({ channel: 'email', threadMessageIds: ['<first@customer.example>'] });
  });

  it("keeps another conversation merged into a web chat out of the visitor's widget history", async () => {
    const visitorId = `visitor-${Date.now()}`;
    const chat = await buildTeamTicket(t.ctx, null, { channel: 'widget', threadKey: visitorId, text: 'hi from the chat' });
    const mail = await buildTeamTicket(t.ctx, null, { sender, channel: 'email', text: 'a private email of someone else' });
    await mergeTickets(t.ctx, w.agentA, mail.ticketId, { targetId: chat.ticketId, confirmOtherCustomer: true });
    expect(await thread(chat.ticketId)).toEqual(['hi from the chat', 'a private email of someone else']);
    expect((await loadConversation(t.ctx.db, visitorId)).map((m) => m.text)).toEqual(['hi from the chat']);
  });

  it('refuses itself, closed or merged tickets, and another customer’s ticket unless confirmed', async () => {
    const a = await buildTeamTicket(t.ctx, null, { sender });
    const b = await buildTeamTicket(t.ctx, null, { sender });
    const other = await buildTeamTicket(t.ctx, null);
    await expect(mergeTickets(t.ctx, w.agentA, a.ticketId, { targetId: a.ticketId })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('targetId'),
    });
    await expect(mergeTickets(t.ctx, w.agentA, a.ticketId, { targetId: other.ticketId })).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'other_customer' },
    });
    const c = await buildTeamTicket(t.ctx, null, { sender });
    await mergeTickets(t.ctx, w.agentA, c.ticketId, { targetId: b.ticketId });
    await expect(mergeTickets(t.ctx, w.agentA, a.ticketId, { targetId: c.ticketId })).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'target_merged' },
    });
    await expect(mergeTickets(t.ctx, w.agentA, c.ticketId, { targetId: a.ticketId })).rejects.toMatchObject({
      details: { reason: 'source_merged' },
    });
    const merged = await mergeTickets(t.ctx, w.agentA, a.ticketId, { targetId: other.ticketId, confirmOtherCustomer: true });
    expect(merged.ticket.id).toBe(other.ticketId);
  });

  it('refuses an agent a ticket of a team they are not in, as not found, and an editor outright', async () => {
    const a = await buildTeamTicket(t.ctx, w.teamB.id, { sender });
    const b = await buildTeamTicket(t.ctx, w.teamA.id, { sender });
    await expect(mergeTickets(t.ctx, w.agentA, a.ticketId, { targetId: b.ticketId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(mergeTickets(t.ctx, w.editor, a.ticketId, { targetId: b.ticketId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await ticketRow(t.ctx, a.ticketId)).status).toBe('new');
  });
});

describe('splitTicket', () => {
  it('moves a customer message and the ones after it into a new linked ticket of the same customer and channel', async () => {
    const a = await buildTeamTicket(t.ctx, w.teamA.id, { sender, channel: 'email', text: 'my printer is broken' });
    const threadKey = (await ticketRow(t.ctx, a.ticketId)).threadKey;
    const second = await ingest(t.ctx, buildInbound({ sender, channel: 'email', threadKey, text: 'also, my invoice is wrong' }));
    await ingest(t.ctx, buildInbound({ sender, channel: 'email', threadKey, text: 'the invoice is number 88' }));
    const before = await t.ctx.db.$count(messages);

    const split = await splitTicket(t.ctx, w.agentA, a.ticketId, { messageId: second.messageId, following: true });

    expect(split.movedMessages).toBe(2);
    expect(split.ticket).toMatchObject({ subject: 'also, my invoice is wrong', channel: 'email', teamId: w.teamA.id, status: 'open' });
    expect(split.ticket.customerId).toBe((await ticketRow(t.ctx, a.ticketId)).customerId);
    expect(await thread(split.ticket.id)).toEqual(['also, my invoice is wrong', 'the invoice is number 88']);
    expect(await thread(a.ticketId)).toEqual(['my printer is broken']);
    expect(await t.ctx.db.$count(messages)).toBe(before);
    expect((await kinds(a.ticketId)).at(-1)).toBe('split');
    expect(await listTicketLinks(t.ctx, w.agentA, a.ticketId)).toMatchObject({
      mergedInto: null,
      links: [{ kind: 'split', direction: 'in', ticket: { id: split.ticket.id } }],
    });
  });

  it('refuses an agent message, the whole thread, a chat conversation, and a message of another ticket', async () => {
    const a = await buildTeamTicket(t.ctx, null, { sender, channel: 'email' });
    const other = await buildTeamTicket(t.ctx, null, { sender, channel: 'email' });
    const answer = await reply(t.ctx, w.agentA, a.ticketId, { text: 'hello', clientId: 'r-2' });
    for (const [messageId, why] of [
      [answer.message.id, 'customer message'],
      [a.messageId, 'every message'],
      [other.messageId, 'no such message'],
    ] as const) {
      await expect(splitTicket(t.ctx, w.agentA, a.ticketId, { messageId, following: true })).rejects.toMatchObject({
        code: 'VALIDATION',
        message: expect.stringMatching(new RegExp(`messageId: .*${why}`)),
      });
    }
    const chat = await buildTeamTicket(t.ctx, null, { sender, channel: 'widget' });
    await expect(splitTicket(t.ctx, w.agentA, chat.ticketId, { messageId: chat.messageId })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('linkTickets', () => {
  it('links two tickets as related, shown on both, and unlinks them', async () => {
    const a = await buildTeamTicket(t.ctx, w.teamA.id);
    const b = await buildTeamTicket(t.ctx, null);
    await linkTickets(t.ctx, w.agentA, a.ticketId, { ticketId: b.ticketId });
    expect((await listTicketLinks(t.ctx, w.agentA, a.ticketId)).links).toMatchObject([
      { kind: 'related', direction: 'out', ticket: { id: b.ticketId } },
    ]);
    expect((await listTicketLinks(t.ctx, w.agentA, b.ticketId)).links).toMatchObject([
      { kind: 'related', direction: 'in', ticket: { id: a.ticketId } },
    ]);
    await expect(linkTickets(t.ctx, w.agentA, b.ticketId, { ticketId: a.ticketId })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(linkTickets(t.ctx, w.agentA, a.ticketId, { ticketId: a.ticketId })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await kinds(b.ticketId)).toContain('linked');

    await unlinkTickets(t.ctx, w.agentA, b.ticketId, a.ticketId);
    expect((await listTicketLinks(t.ctx, w.agentA, a.ticketId)).links).toEqual([]);
    await expect(unlinkTickets(t.ctx, w.agentA, b.ticketId, a.ticketId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('hides a linked ticket the agent may not see, and refuses linking to it', async () => {
    const mine = await buildTeamTicket(t.ctx, w.teamA.id);
    const theirs = await buildTeamTicket(t.ctx, w.teamB.id);
    await linkTickets(t.ctx, w.supervisor, mine.ticketId, { ticketId: theirs.ticketId });
    expect((await listTicketLinks(t.ctx, w.agentA, mine.ticketId)).links).toEqual([]);
    expect((await listTicketLinks(t.ctx, w.supervisor, mine.ticketId)).links).toHaveLength(1);
    await expect(unlinkTickets(t.ctx, w.agentA, mine.ticketId, theirs.ticketId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(linkTickets(t.ctx, w.editor, mine.ticketId, { ticketId: theirs.ticketId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
