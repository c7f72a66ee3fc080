import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { csatResponses, inboxes, messages, ticketEvents, tickets } from '../../../server/db/schema/index.ts';
import { reply } from '../../../server/services/tickets/reply.ts';
import { resolve } from '../../../server/services/tickets/resolve.ts';
import { buildActor } from '../../support/factories.ts';
import { serverWorld } from '../../support/server-world.ts';
import { telegramApiStandIn } from '../../support/telegram-world.ts';
import { buildBotToken, eventually, loadUpdate } from '../../support/telegram.ts';

const token = buildBotToken(611000111);
const api = telegramApiStandIn();
const { server } = serverWorld(() => ({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: api.apiRoot, OUTBOX_POLL_MS: '50' }));

let updateId = 9000;
beforeEach(() => {
  api.calls.length = 0;
});

/** The customer writes to the bot; resolves with the ticket that message landed in. */
async function customerWrites(text: string) {
  api.pushUpdates(token, loadUpdate('text', { update_id: ++updateId, message: { message_id: updateId, text } }));
  const [m] = await eventually(
    () =>
      server.ctx.db
        .select()
        .from(messages)
        .where(eq(messages.text, text))
        .then((r) => r.length && r),
    `"${text}" stored`,
  );
  const [ticket] = await server.ctx.db.select().from(tickets).where(eq(tickets.id, m!.ticketId));
  return ticket!;
}

describe('Telegram through the running server', () => {
  it('creates the inbox from TELEGRAM_BOT_TOKEN with the token sealed, and polls it', async () => {
    const [inbox] = await server.ctx.db.select().from(inboxes).where(eq(inboxes.channel, 'telegram'));
    expect(inbox).toBeDefined();
    expect(inbox!.secrets).not.toContain(token);
    expect(JSON.parse(server.ctx.secrets.open(inbox!.secrets!))).toEqual({ botToken: token });
    const ticket = await customerWrites('Where is my parcel?');
    expect(ticket).toMatchObject({ channel: 'telegram', inboxId: inbox!.id });
  });

  it("delivers an agent's reply into the chat and marks it sent", async () => {
    const ticket = await customerWrites('Is the shop open on Sunday?');
    const agent = await buildActor(server.ctx, ['admin']);
    const { message } = await reply(server.ctx, agent, ticket.id, { text: 'Yes, from 10 to 16.' });
    const sent = await eventually(
      () =>
        server.ctx.db
          .select()
          .from(messages)
          .where(eq(messages.id, message.id))
          .then(([m]) => m?.deliveryStatus === 'sent' && m),
      'the reply to be sent',
    );
    const call = api.callsTo('sendMessage', token).find((c) => c.params.text === 'Yes, from 10 to 16.');
    expect(call?.params.chat_id).toBe(555000111);
    expect(sent.channelMessageId).toMatch(/^611000111:555000111:\d+$/);
  });

  it('marks the delivery failed with "customer blocked the bot" when Telegram answers 403', async () => {
    const ticket = await customerWrites('Cancel my order please');
    api.fail('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    const agent = await buildActor(server.ctx, ['admin']);
    const { message } = await reply(server.ctx, agent, ticket.id, { text: 'Done, it is cancelled.' });
    const failed = await eventually(
      () =>
        server.ctx.db
          .select()
          .from(messages)
          .where(eq(messages.id, message.id))
          .then(([m]) => m?.deliveryStatus === 'failed' && m),
      'the delivery to fail',
    );
    expect(failed.deliveryError).toBe('customer blocked the bot');
    const events = await server.ctx.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
    expect(events.find((e) => e.kind === 'delivery_failed')?.data).toMatchObject({ error: 'customer blocked the bot' });
    expect(api.callsTo('sendMessage', token).filter((c) => c.params.text === 'Done, it is cancelled.')).toHaveLength(1);
  });

  it('asks for a rating when an agent resolves the ticket and stores the one-tap answer', async () => {
    const ticket = await customerWrites('Thanks, all good now');
    const agent = await buildActor(server.ctx, ['admin']);
    await resolve(server.ctx, agent, ticket.id);
    const survey = await eventually(() => api.callsTo('sendMessage', token).find((c) => c.params.reply_markup), 'the survey');
    const buttons = (survey.params.reply_markup as { inline_keyboard: Array<Array<{ callback_data: string }>> }).inline_keyboard.flat();
    api.pushUpdates(token, loadUpdate('callback-csat', { update_id: ++updateId, callback_query: { data: buttons[4]!.callback_data } }));
    const [rating] = await eventually(
      () =>
        server.ctx.db
          .select()
          .from(csatResponses)
          .where(eq(csatResponses.ticketId, ticket.id))
          .then((r) => r.length && r),
      'the rating',
    );
    expect(rating!.rating).toBe(5);
  });
});
