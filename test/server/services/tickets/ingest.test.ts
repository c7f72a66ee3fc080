import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { customers, messages, ticketEvents, tickets } from '../../../../server/db/schema/index.ts';
import { ingest } from '../../../../server/services/tickets/ingest.ts';
import { contextWorld } from '../../../support/context-world.ts';
import { buildInbound } from '../../../support/factories.ts';

const { t } = contextWorld();

describe('ingest', () => {
  it('opens a ticket with the message, the customer and a history row', async () => {
    const r = await ingest(t.ctx, buildInbound({ subject: 'Printer on fire', text: 'Smoke everywhere' }));
    expect(r).toMatchObject({ duplicate: false, ticketCreated: true });
    const [ticket] = await t.ctx.db.select().from(tickets).where(eq(tickets.id, r.ticketId));
    expect(ticket).toMatchObject({ subject: 'Printer on fire', status: 'new', channel: 'api' });
    const msgs = await t.ctx.db.select().from(messages).where(eq(messages.ticketId, r.ticketId));
    expect(msgs.map((m) => [m.direction, m.text])).toEqual([['in', 'Smoke everywhere']]);
    const events = await t.ctx.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, r.ticketId));
    expect(events.map((e) => e.kind)).toEqual(['created', 'message_received']);
    expect(t.published.map((e) => e.name)).toEqual(['ticket.created', 'message.created']);
  });

  it('stores a replayed message once', async () => {
    const msg = buildInbound();
    const first = await ingest(t.ctx, msg);
    const again = await ingest(t.ctx, msg);
    expect(again).toMatchObject({ duplicate: true, messageId: first.messageId, ticketId: first.ticketId });
    expect(await t.ctx.db.$count(messages)).toBe(1);
    expect(await t.ctx.db.$count(ticketEvents)).toBe(2);
  });

  it('threads later messages of a conversation into the same ticket and customer', async () => {
    const first = await ingest(t.ctx, buildInbound({ threadKey: 'chat-42', sender: { externalId: '42' } }));
    const second = await ingest(t.ctx, buildInbound({ threadKey: 'chat-42', sender: { externalId: '42' } }));
    expect(second.ticketId).toBe(first.ticketId);
    expect(second.ticketCreated).toBe(false);
    expect(await t.ctx.db.$count(customers)).toBe(1);
  });

  it('threads by In-Reply-To to the ticket of the referenced message', async () => {
    const first = await ingest(t.ctx, buildInbound({ channel: 'email', externalMessageId: '<a@x>', threadKey: '<a@x>' }));
    const reply = await ingest(
      t.ctx,
      buildInbound({ channel: 'email', externalMessageId: '<b@x>', threadKey: '<b@x>', inReplyTo: '<a@x>' }),
    );
    expect(reply.ticketId).toBe(first.ticketId);
  });

  it('reopens a resolved ticket when the customer writes again, and opens a new one after close', async () => {
    const first = await ingest(t.ctx, buildInbound({ threadKey: 'k' }));
    await t.ctx.db.update(tickets).set({ status: 'resolved', resolvedAt: new Date() }).where(eq(tickets.id, first.ticketId));
    const again = await ingest(t.ctx, buildInbound({ threadKey: 'k' }));
    expect(again).toMatchObject({ ticketId: first.ticketId, reopened: true });
    const [reopened] = await t.ctx.db.select().from(tickets).where(eq(tickets.id, first.ticketId));
    expect(reopened).toMatchObject({ status: 'open', resolvedAt: null });

    await t.ctx.db.update(tickets).set({ status: 'closed' }).where(eq(tickets.id, first.ticketId));
    const fresh = await ingest(t.ctx, buildInbound({ threadKey: 'k' }));
    expect(fresh.ticketCreated).toBe(true);
    expect(fresh.ticketId).not.toBe(first.ticketId);
  });

  it('refuses a malformed message naming the field, writing nothing', async () => {
    const bad = { ...buildInbound(), sender: { externalId: '' } };
    await expect(ingest(t.ctx, bad)).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await t.ctx.db.$count(tickets)).toBe(0);
  });

  it('takes a message in once when its transaction is chosen as a deadlock victim, and refuses what a channel refuses', async () => {
    let tries = 0;
    const victim = buildInbound({ threadKey: 'chat-v', sender: { externalId: 'v' } });
    const r = await ingest(t.ctx, victim, {
      admit: async () => {
        if (++tries === 1) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      },
    });
    expect([tries, r.duplicate, r.ticketCreated]).toEqual([2, false, true]);
    expect(await t.ctx.db.$count(messages)).toBe(1);
    expect(await t.ctx.db.$count(tickets)).toBe(1);

    let refusals = 0;
    const refused = ingest(t.ctx, buildInbound({ threadKey: 'chat-v', sender: { externalId: 'v' } }), {
      admit: async () => {
        refusals++;
        throw new Error('over the budget');
      },
    });
    await expect(refused).rejects.toThrow('over the budget');
    expect(refusals).toBe(1);
    expect(await t.ctx.db.$count(messages)).toBe(1);
  });

  it('keeps 100 concurrent messages from 10 customers as 100 messages in 10 tickets', async () => {
    const batch = Array.from({ length: 100 }, (_, i) =>
      buildInbound({ threadKey: `conv-${i % 10}`, sender: { externalId: `c${i % 10}` }, externalMessageId: `m-${i}` }),
    );
    await Promise.all([...batch, ...batch.slice(0, 20)].map((m) => ingest(t.ctx, m)));
    expect(await t.ctx.db.$count(messages)).toBe(100);
    expect(await t.ctx.db.$count(tickets)).toBe(10);
    expect(await t.ctx.db.$count(customers)).toBe(10);
  });
});
