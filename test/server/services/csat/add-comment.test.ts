import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { csatResponses } from '../../../../server/db/schema/index.ts';
import { systemActor } from '../../../../server/services/actor.ts';
import { addCsatComment } from '../../../../server/services/csat/add-comment.ts';
import { recordCsatRating } from '../../../../server/services/csat/record-rating.ts';
import { createTestContext, type TestContext } from '../../../support/context.ts';
import { buildActor, buildTicket } from '../../../support/factories.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
}, 180_000);
afterAll(() => t?.close());
beforeEach(() => t.reset());

const channel = systemActor('telegram');
const resolvedAt = new Date('2026-03-01T10:00:00.000Z');

async function ratedTicket() {
  const ticket = await buildTicket(t.ctx, { channel: 'telegram', threadKey: '123:555', sender: { externalId: '555' } });
  const base = { ticketId: ticket.ticketId, channel: 'telegram' as const, customerExternalId: '555', resolvedAt };
  await recordCsatRating(t.ctx, channel, { ...base, rating: 3 });
  return base;
}

describe('addCsatComment', () => {
  it("attaches the customer's words to their rating", async () => {
    const base = await ratedTicket();
    const csat = await addCsatComment(t.ctx, channel, { ...base, comment: '  Took two days to answer  ' });
    expect(csat).toMatchObject({ rating: 3, comment: 'Took two days to answer' });
  });

  it('refuses agents and other customers, and a comment on a resolution that was never rated', async () => {
    const base = await ratedTicket();
    await buildTicket(t.ctx, { channel: 'telegram', threadKey: '123:777', sender: { externalId: '777' } });
    const agent = await buildActor(t.ctx, ['admin']);
    await expect(addCsatComment(t.ctx, agent, { ...base, comment: 'great' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(addCsatComment(t.ctx, channel, { ...base, customerExternalId: '777', comment: 'great' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(addCsatComment(t.ctx, channel, { ...base, resolvedAt: new Date(), comment: 'great' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const [row] = await t.ctx.db.select().from(csatResponses);
    expect(row!.comment).toBeNull();
  });

  it('names the field of an empty comment', async () => {
    const base = await ratedTicket();
    await expect(addCsatComment(t.ctx, channel, { ...base, comment: '   ' })).rejects.toMatchObject({ code: 'VALIDATION', message: 'Invalid input: comment: is empty' });
  });
});
