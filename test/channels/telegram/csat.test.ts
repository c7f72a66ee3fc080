import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TelegramChannel } from '../../../channels/telegram/channel.ts';
import { readCursor } from '../../../channels/telegram/cursor.ts';
import { csatResponses, messages, tickets } from '../../../server/db/schema/index.ts';
import { presentTicket } from '../../../server/services/tickets/present.ts';
import { createTestContext, type TestContext } from '../../support/context.ts';
import { TelegramApi } from '../../support/telegram-api.ts';
import { buildTelegramInbox, eventually, loadUpdate } from '../../support/telegram.ts';

let t: TestContext;
let api: TelegramApi;
let channel: TelegramChannel | null = null;

beforeAll(async () => {
  t = await createTestContext();
  api = await TelegramApi.start();
}, 180_000);
afterAll(async () => {
  await api?.close();
  await t?.close();
});
beforeEach(() => t.reset());
afterEach(async () => {
  await channel?.stop();
  channel = null;
});

type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };

/** A customer writes in, then an agent resolves the ticket (the committed event the lifecycle verb publishes). */
async function resolvedConversation(settings: Record<string, unknown> = {}) {
  const made = await buildTelegramInbox(t.ctx, { settings });
  channel = new TelegramChannel(t.ctx, { apiRoot: api.apiRoot, pollTimeoutSeconds: 2, syncIntervalMs: 60_000 });
  await channel.start();
  api.pushUpdates(made.token, loadUpdate('text', { update_id: 6000 }));
  const [msg] = await eventually(() => t.ctx.db.select().from(messages).then((r) => r.length && r), 'the customer message');
  const [row] = await t.ctx.db.update(tickets).set({ status: 'resolved', resolvedAt: new Date() }).where(eq(tickets.id, msg!.ticketId)).returning();
  t.ctx.events.publish([{ name: 'ticket.updated', data: { ticket: presentTicket(row!), changes: ['status'] } }]);
  return { ...made, ticket: row! };
}

describe('Telegram CSAT', () => {
  it('asks for a rating with five buttons when a ticket is resolved, and stores the tapped answer', async () => {
    const { token, botId, ticket } = await resolvedConversation({ csatPrompt: 'Wie zufrieden waren Sie?' });
    const survey = await eventually(() => api.callsTo('sendMessage', token)[0], 'the survey');
    expect(survey.params).toMatchObject({ chat_id: 555000111, text: `Wie zufrieden waren Sie?\n(Ticket #${ticket.number})` });
    const buttons = (survey.params.reply_markup as Keyboard).inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toEqual(['1 😞', '2 🙁', '3 😐', '4 🙂', '5 😍']);
    for (const b of buttons) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);

    const tap = loadUpdate('callback-csat', { update_id: 6001, callback_query: { data: buttons[3]!.callback_data } });
    api.pushUpdates(token, tap);
    const [rating] = await eventually(() => t.ctx.db.select().from(csatResponses).then((r) => r.length && r), 'the rating');
    expect(rating).toMatchObject({ ticketId: ticket.id, rating: 4, channel: 'telegram', resolvedAt: ticket.resolvedAt });
    await eventually(async () => (await readCursor(t.ctx, botId)).offset === 6002, 'the tap to be handled');
    expect(api.callsTo('answerCallbackQuery', token)[0]!.params).toMatchObject({ callback_query_id: '4382bfdwdsb323b2d9', text: 'Thank you for your feedback!' });
    expect(api.callsTo('editMessageText', token)[0]!.params.text).toContain('Your rating: 4/5');

    // The optional comment: a reply to the invitation is stored with the rating, not as a new ticket message.
    const invite = await eventually(() => api.callsTo('sendMessage', token)[1], 'the comment invitation');
    expect(invite.params.reply_markup).toMatchObject({ force_reply: true });
    const messagesBefore = await t.ctx.db.$count(messages);
    const comment = loadUpdate('reply', {
      update_id: 6005,
      message: { text: 'The agent was very patient', reply_to_message: { message_id: (invite.result as { message_id: number }).message_id, from: { id: Number(botId), is_bot: true, first_name: 'Bot' }, chat: { id: 555000111, type: 'private' }, date: 1, text: 'Anything?' } },
    });
    api.pushUpdates(token, comment);
    const [withComment] = await eventually(() => t.ctx.db.select().from(csatResponses).then((r) => r[0]?.comment && r), 'the comment');
    expect(withComment).toMatchObject({ rating: 4, comment: 'The agent was very patient' });
    expect(await t.ctx.db.$count(messages)).toBe(messagesBefore);
    await eventually(() => api.callsTo('sendMessage', token).some((c) => c.params.text === 'Thank you, we have passed your comment on.'), 'the thanks');
  });

  it('sends no survey when the inbox turned CSAT off', async () => {
    const { token } = await resolvedConversation({ csat: false });
    api.pushUpdates(token, loadUpdate('help', { update_id: 6002 }));
    await eventually(() => api.callsTo('sendMessage', token).length === 1, 'the /help answer');
    expect(api.callsTo('sendMessage', token)[0]!.params.reply_markup).toBeUndefined();
  });

  it('refuses a tap from someone who is not the customer of the ticket', async () => {
    const { token, botId } = await resolvedConversation();
    const survey = await eventually(() => api.callsTo('sendMessage', token)[0], 'the survey');
    const data = (survey.params.reply_markup as Keyboard).inline_keyboard.flat()[0]!.callback_data;
    const tap = loadUpdate('callback-csat', { update_id: 6003, callback_query: { data, from: { id: 42, is_bot: false, first_name: 'Mallory' } } });
    api.pushUpdates(token, tap);
    await eventually(async () => (await readCursor(t.ctx, botId)).offset === 6004, 'the tap to be handled');
    expect(await t.ctx.db.$count(csatResponses)).toBe(0);
    expect(api.callsTo('answerCallbackQuery', token)[0]!.params.text).toBe('This survey is no longer available.');
  });
});
