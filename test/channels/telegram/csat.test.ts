import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { TelegramChannel } from '../../../channels/telegram/channel.ts';
import { readCursor } from '../../../channels/telegram/cursor.ts';
import { csatResponses, messages, outbox, ticketEvents } from '../../../server/db/schema/index.ts';
import { csatSurveyHandler } from '../../../server/services/csat/survey-handler.ts';
import { CSAT_SURVEY_TTL_MS } from '../../../server/services/csat/survey-token.ts';
import { reopen } from '../../../server/services/tickets/reopen.ts';
import { resolve } from '../../../server/services/tickets/resolve.ts';
import { createOutboxWorker } from '../../../server/workers/outbox-worker.ts';
import { outboxHandlers } from '../../../server/workers/outbox-handlers.ts';
import { buildActor } from '../../support/factories.ts';
import type { RecordedCall } from '../../support/telegram-api.ts';
import { telegramWorld } from '../../support/telegram-world.ts';
import { buildTelegramInbox, eventually, loadUpdate } from '../../support/telegram.ts';

const { t, api, startChannel } = telegramWorld();
let channel: TelegramChannel | null = null;
afterEach(() => {
  channel = null;
});

type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
const CUSTOMER = 555000111;
let updateId = 6000;

/** The outbox as the server runs it (survey jobs and deliveries), drained until nothing is due. */
async function drain() {
  const worker = createOutboxWorker(t.ctx, {
    handlers: outboxHandlers(t.ctx, { channels: { email: null, widget: null, api: null, telegram: channel } }),
    topics: ['csat.survey', 'message.deliver'],
  });
  while ((await worker.drainOnce()).claimed > 0);
}

/** A customer writes to a running bot; an agent resolves the ticket with the real verb. */
async function resolvedConversation(settings: Record<string, unknown> = {}) {
  const made = await buildTelegramInbox(t.ctx, { settings });
  channel = await startChannel();
  api.pushUpdates(made.token, loadUpdate('text', { update_id: ++updateId }));
  const [msg] = await eventually(
    () =>
      t.ctx.db
        .select()
        .from(messages)
        .then((r) => r.length && r),
    'the customer message',
  );
  const agent = await buildActor(t.ctx, ['admin']);
  const view = await resolve(t.ctx, agent, msg!.ticketId);
  return { ...made, agent, ticketId: msg!.ticketId, view };
}

/** Survey messages Telegram accepted (a refused try is recorded without a result). */
const surveysSent = (token: string) =>
  api.callsTo('sendMessage', token).filter((c) => (c.params.reply_markup as Keyboard | undefined)?.inline_keyboard && c.result);
const buttonsOf = (survey: RecordedCall) => (survey.params.reply_markup as Keyboard).inline_keyboard.flat();

/** The customer (or `from`) taps a button; resolves once the bot has handled the tap, with what Telegram was told. */
async function tap(made: { token: string; botId: string }, data: string, from?: Record<string, unknown>) {
  const id = ++updateId;
  api.pushUpdates(
    made.token,
    loadUpdate('callback-csat', { update_id: id, callback_query: { id: `cb-${id}`, data, ...(from ? { from } : {}) } }),
  );
  await eventually(async () => (await readCursor(t.ctx, made.botId)).offset === id + 1, `tap ${id} to be handled`);
  return api.callsTo('answerCallbackQuery', made.token).find((c) => c.params.callback_query_id === `cb-${id}`)?.params.text;
}

const ratings = () => t.ctx.db.select().from(csatResponses).orderBy(csatResponses.createdAt);

describe('Telegram CSAT', () => {
  it('asks through the outbox once per resolution with five signed buttons, even when the job runs twice', async () => {
    const made = await resolvedConversation({ csatPrompt: 'Wie zufrieden waren Sie?' });
    expect(surveysSent(made.token)).toEqual([]);
    await drain();
    const [survey, ...more] = surveysSent(made.token);
    expect(more).toEqual([]);
    expect(survey!.params).toMatchObject({ chat_id: CUSTOMER, text: `Wie zufrieden waren Sie?\n(Ticket #${made.view.number})` });
    const buttons = buttonsOf(survey!);
    expect(buttons.map((b) => b.text)).toEqual(['1 😞', '2 🙁', '3 😐', '4 🙂', '5 😍']);
    for (const b of buttons) {
      expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
      expect(b.callback_data).not.toContain(made.ticketId);
    }
    // Agents see on the ticket that the survey went out; its copy carries no buttons.
    const [kept] = await t.ctx.db
      .select()
      .from(messages)
      .where(and(eq(messages.ticketId, made.ticketId), eq(messages.direction, 'out')));
    expect(kept).toMatchObject({ deliveryStatus: 'sent', text: survey!.params.text, meta: { automaticKind: 'csat-survey' } });

    // A crash after the job sent but before it was marked done: the job runs again and sends nothing more.
    await csatSurveyHandler(t.ctx, { email: null, widget: null, api: null, telegram: channel }).run(
      { ticketId: made.ticketId, resolvedAt: made.view.resolvedAt! },
      { id: 0, topic: 'csat.survey', attempt: 2, maxAttempts: 8 },
    );
    await drain();
    expect(surveysSent(made.token)).toHaveLength(1);
    expect(await t.ctx.db.$count(messages, eq(messages.direction, 'out'))).toBe(1);
  });

  it('sends no survey when the inbox turned CSAT off', async () => {
    const made = await resolvedConversation({ csat: false });
    await drain();
    expect(await t.ctx.db.select({ status: outbox.status }).from(outbox).where(eq(outbox.topic, 'csat.survey'))).toEqual([
      { status: 'done' },
    ]);
    expect(api.callsTo('sendMessage', made.token)).toEqual([]);
    expect(await t.ctx.db.$count(messages, eq(messages.direction, 'out'))).toBe(0);
  });

  it('a tap stores the rating; a second tap is told the first rating and changes nothing; a reply adds the comment once', async () => {
    const made = await resolvedConversation();
    await drain();
    const buttons = buttonsOf(surveysSent(made.token)[0]!);
    expect(await tap(made, buttons[3]!.callback_data)).toBe('Thank you for your feedback!');
    expect(await ratings()).toMatchObject([
      { ticketId: made.ticketId, rating: 4, channel: 'telegram', resolvedAt: new Date(made.view.resolvedAt!) },
    ]);
    expect(api.callsTo('editMessageText', made.token)[0]!.params.text).toContain('Your rating: 4/5');

    expect(await tap(made, buttons[1]!.callback_data)).toBe('You already rated this: 4/5');
    expect((await ratings()).map((r) => r.rating)).toEqual([4]);
    const history = await t.ctx.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, made.ticketId));
    expect(history.filter((e) => e.kind === 'csat_rated').map((e) => e.toValue)).toEqual(['4']);

    // The optional comment: a reply to the invitation attaches to that one answer, not a new ticket message.
    const invite = api
      .callsTo('sendMessage', made.token)
      .find((c) => (c.params.reply_markup as { force_reply?: boolean } | undefined)?.force_reply)!;
    const replyTo = {
      message_id: (invite.result as { message_id: number }).message_id,
      from: { id: Number(made.botId), is_bot: true, first_name: 'Bot' },
      chat: { id: CUSTOMER, type: 'private' },
      date: 1,
      text: 'Anything?',
    };
    const inbound = () => t.ctx.db.$count(messages, eq(messages.direction, 'in'));
    const before = await inbound();
    api.pushUpdates(
      made.token,
      loadUpdate('reply', {
        update_id: ++updateId,
        message: { message_id: 900, text: 'The agent was very patient', reply_to_message: replyTo },
      }),
    );
    await eventually(
      () => api.callsTo('sendMessage', made.token).some((c) => c.params.text === 'Thank you, we have passed your comment on.'),
      'the thanks',
    );
    expect(await ratings()).toMatchObject([{ rating: 4, comment: 'The agent was very patient' }]);
    expect(await inbound()).toBe(before);

    // A second reply does not overwrite the answer: it reaches the team as a message.
    api.pushUpdates(
      made.token,
      loadUpdate('reply', {
        update_id: ++updateId,
        message: { message_id: 901, text: 'Oh, and the parcel was late', reply_to_message: replyTo },
      }),
    );
    await eventually(async () => (await inbound()) === before + 1, 'the second reply as a message');
    expect(await ratings()).toMatchObject([{ rating: 4, comment: 'The agent was very patient' }]);
  });

  it('reopened and resolved again, asks anew: the old buttons have closed, the new tap counts', async () => {
    const made = await resolvedConversation();
    await drain();
    const first = buttonsOf(surveysSent(made.token)[0]!);
    await tap(made, first[1]!.callback_data);
    await reopen(t.ctx, made.agent, made.ticketId);
    t.clock.advance(60_000);
    const again = await resolve(t.ctx, made.agent, made.ticketId);
    await drain();
    expect(surveysSent(made.token)).toHaveLength(2);
    const second = buttonsOf(surveysSent(made.token)[1]!);

    expect(await tap(made, first[4]!.callback_data)).toBe('This survey has closed.');
    expect(api.callsTo('editMessageReplyMarkup', made.token)).toHaveLength(1);
    expect((await ratings()).map((r) => r.rating)).toEqual([2]);
    expect(await tap(made, second[4]!.callback_data)).toBe('Thank you for your feedback!');
    expect((await ratings()).map((r) => [r.rating, r.resolvedAt.toISOString()])).toEqual([
      [2, made.view.resolvedAt],
      [5, again.resolvedAt],
    ]);
  });

  it('refuses a survey past its 14 days, a stranger, an altered button and an unsigned old one, writing nothing', async () => {
    const made = await resolvedConversation();
    await drain();
    const [one, , three] = buttonsOf(surveysSent(made.token)[0]!);
    expect(await tap(made, one!.callback_data, { id: 42, is_bot: false, first_name: 'Mallory' })).toBe(
      'This survey was sent to someone else.',
    );
    const altered = three!.callback_data.replace(/\.([A-Za-z0-9_-])/, (_, c: string) => `.${c === 'A' ? 'B' : 'A'}`);
    expect(await tap(made, altered)).toBe('This survey button is not valid.');
    expect(await tap(made, `csat:${made.ticketId}:${new Date(made.view.resolvedAt!).getTime().toString(36)}:5`)).toBe(
      'This survey has closed.',
    );
    t.clock.advance(CSAT_SURVEY_TTL_MS + 1_000);
    expect(await tap(made, three!.callback_data)).toBe('This survey has closed.');
    expect(await ratings()).toEqual([]);
  });

  it('a Telegram outage delays the survey without losing or doubling it; a blocked bot fails it with the reason', async () => {
    const made = await resolvedConversation();
    api.fail('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 120', parameters: { retry_after: 120 } });
    await drain();
    const kept = () =>
      t.ctx.db
        .select()
        .from(messages)
        .where(eq(messages.direction, 'out'))
        .then((r) => r[0]!);
    expect(await kept()).toMatchObject({ deliveryStatus: 'queued', deliveryError: expect.stringContaining('Too Many Requests') });
    expect(surveysSent(made.token)).toEqual([]);
    t.clock.advance(10 * 60_000);
    await drain();
    expect(surveysSent(made.token)).toHaveLength(1);
    expect(await kept()).toMatchObject({ deliveryStatus: 'sent', deliveryError: null });

    await reopen(t.ctx, made.agent, made.ticketId);
    t.clock.advance(60_000);
    await resolve(t.ctx, made.agent, made.ticketId);
    api.fail('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await drain();
    const failed = await t.ctx.db
      .select()
      .from(messages)
      .where(and(eq(messages.direction, 'out'), eq(messages.deliveryStatus, 'failed')));
    expect(failed).toMatchObject([{ deliveryError: 'customer blocked the bot', meta: { automaticKind: 'csat-survey' } }]);
    expect(surveysSent(made.token)).toHaveLength(1);
  });
});
