import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { csatResponses, ticketEvents } from '../../../../server/db/schema/index.ts';
import { systemActor } from '../../../../server/services/actor.ts';
import { recordCsatRating } from '../../../../server/services/csat/record-rating.ts';
import type { DomainEvents } from '../../../../server/events.ts';
import { createTestContext, type TestContext } from '../../../support/context.ts';
import { buildActor, buildTicket } from '../../../support/factories.ts';

let t: TestContext;
const recorded: DomainEvents['csat.recorded'][] = [];
beforeAll(async () => {
  t = await createTestContext();
  t.ctx.events.on('csat.recorded', (e) => recorded.push(e));
}, 180_000);
afterAll(() => t?.close());
beforeEach(async () => {
  await t.reset();
  recorded.length = 0;
});

const channel = systemActor('telegram');
const resolvedAt = new Date('2026-03-01T10:00:00.000Z');

async function telegramTicket(externalId = '555000111') {
  return buildTicket(t.ctx, { channel: 'telegram', threadKey: `123:${externalId}`, sender: { externalId, displayName: 'Anna' } });
}

describe('recordCsatRating', () => {
  it("stores the customer's rating of a resolution, with a history row and an event", async () => {
    const ticket = await telegramTicket();
    const r = await recordCsatRating(t.ctx, channel, { ticketId: ticket.ticketId, channel: 'telegram', customerExternalId: '555000111', resolvedAt, rating: 4 });
    expect(r).toMatchObject({ changed: false, csat: { ticketId: ticket.ticketId, rating: 4, customerId: ticket.customerId, resolvedAt: resolvedAt.toISOString() } });
    const events = await t.ctx.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.ticketId));
    expect(events.find((e) => e.kind === 'csat_rated')).toMatchObject({ actorType: 'customer', toValue: '4' });
    expect(recorded.map((e) => e.csat.rating)).toEqual([4]);
  });

  it('answering the same survey again changes the rating instead of adding one; a new resolution is rated apart', async () => {
    const ticket = await telegramTicket();
    const input = { ticketId: ticket.ticketId, channel: 'telegram' as const, customerExternalId: '555000111', resolvedAt, rating: 2 };
    await recordCsatRating(t.ctx, channel, input);
    const again = await recordCsatRating(t.ctx, channel, { ...input, rating: 5 });
    expect(again).toMatchObject({ changed: true, csat: { rating: 5 } });
    await recordCsatRating(t.ctx, channel, { ...input, resolvedAt: new Date('2026-03-09T10:00:00.000Z'), rating: 3 });
    const rows = await t.ctx.db.select().from(csatResponses).orderBy(csatResponses.resolvedAt);
    expect(rows.map((r) => r.rating)).toEqual([5, 3]);
  });

  it('refuses an agent rating a ticket, and a different customer', async () => {
    const ticket = await telegramTicket();
    await telegramTicket('999');
    const agent = await buildActor(t.ctx, ['agent', 'admin']);
    const input = { ticketId: ticket.ticketId, channel: 'telegram' as const, customerExternalId: '555000111', resolvedAt, rating: 5 };
    await expect(recordCsatRating(t.ctx, agent, input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(recordCsatRating(t.ctx, channel, { ...input, customerExternalId: '999' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.ctx.db.$count(csatResponses)).toBe(0);
  });

  it('names the field of a rating out of range', async () => {
    const ticket = await telegramTicket();
    const err = await recordCsatRating(t.ctx, channel, { ticketId: ticket.ticketId, channel: 'telegram', customerExternalId: '555000111', resolvedAt, rating: 6 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'VALIDATION', message: 'Invalid input: rating: rating must be 1 to 5' });
  });
});
