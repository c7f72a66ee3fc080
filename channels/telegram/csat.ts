import { Composer, GrammyError, InlineKeyboard, type Api, type Context } from 'grammy';
import { ServiceError } from '../../server/errors.ts';
import { systemActor } from '../../server/services/actor.ts';
import { addCsatComment } from '../../server/services/csat/add-comment.ts';
import { recordCsatRating } from '../../server/services/csat/record-rating.ts';
import type { BotDeps } from './bot-deps.ts';
import { findCommentPrompt, saveCommentPrompt } from './csat-prompts.ts';

const faces = ['😞', '🙁', '😐', '🙂', '😍'];
const channel = systemActor('telegram');

/** Callback data (at most 64 bytes): the ticket, the resolution being rated (ms, base 36) and the rating. */
export const csatData = (ticketId: string, resolvedAt: Date, rating: number) => `csat:${ticketId}:${resolvedAt.getTime().toString(36)}:${rating}`;
const csatPattern = /^csat:([0-9a-f-]{36}):([0-9a-z]{1,12}):([1-5])$/;

export interface SurveyTicket {
  id: string;
  number: number;
  resolvedAt: Date;
}

/** One message with a row of five buttons; a tap is the whole answer. */
export async function sendCsatSurvey(api: Api, chatId: number, ticket: SurveyTicket, prompt: string): Promise<void> {
  const keyboard = new InlineKeyboard();
  faces.forEach((face, i) => keyboard.text(`${i + 1} ${face}`, csatData(ticket.id, ticket.resolvedAt, i + 1)));
  await api.sendMessage(chatId, `${prompt}\n(Ticket #${ticket.number})`, { reply_markup: keyboard });
}

/**
 * A tap stores the rating against the ticket's resolution, thanks the customer, replaces the buttons with the
 * answer and, the first time, invites an optional comment: a reply to that invitation is stored with the rating.
 */
export function csatComposer(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const refused = (err: unknown) => err instanceof ServiceError && ['NOT_FOUND', 'FORBIDDEN', 'VALIDATION'].includes(err.code);

  composer.callbackQuery(csatPattern, async (tg) => {
    const [, ticketId, resolvedAt36, rating] = tg.match as RegExpMatchArray;
    const stars = Number(rating);
    const resolvedAt = new Date(parseInt(resolvedAt36!, 36));
    let changed: boolean;
    try {
      ({ changed } = await recordCsatRating(deps.ctx, channel, { ticketId: ticketId!, channel: 'telegram', customerExternalId: String(tg.from.id), resolvedAt, rating: stars }));
    } catch (err) {
      if (!refused(err)) throw err;
      deps.log.warn({ err, ticketId, from: tg.from.id }, 'telegram csat answer refused');
      await tg.answerCallbackQuery({ text: 'This survey is no longer available.' }).catch(() => {});
      return;
    }
    // The rating is committed: a failed thank-you must not make the update run again.
    const warn = (what: string) => (err: unknown) => {
      if (!(err instanceof GrammyError && err.error_code === 400)) deps.log.warn({ err }, `${what} failed`);
    };
    await tg.answerCallbackQuery({ text: 'Thank you for your feedback!' }).catch(warn('answerCallbackQuery'));
    const prompt = tg.callbackQuery.message && 'text' in tg.callbackQuery.message ? (tg.callbackQuery.message.text ?? '') : '';
    await tg.editMessageText(`${prompt}\n\nYour rating: ${stars}/5 ${faces[stars - 1]}. Thank you!`.trim()).catch(warn('editMessageText'));
    const chatId = tg.chat?.id;
    if (changed || chatId === undefined) return;
    try {
      const ask = await tg.api.sendMessage(chatId, 'Anything you would like to add? Reply to this message (optional).', {
        reply_markup: { force_reply: true, input_field_placeholder: 'Your comment' },
      });
      await saveCommentPrompt(deps.ctx, deps.botId, chatId, ask.message_id, { ticketId: ticketId!, resolvedAt: resolvedAt.toISOString() });
    } catch (err) {
      warn('the comment invitation')(err);
    }
  });

  composer.on('message:text', async (tg, next) => {
    const to = tg.msg.reply_to_message;
    const prompt = to?.from?.id === tg.me.id ? await findCommentPrompt(deps.ctx, deps.botId, tg.chat.id, to.message_id) : null;
    if (!prompt) return next();
    try {
      await addCsatComment(deps.ctx, channel, { ...prompt, channel: 'telegram', customerExternalId: String(tg.from.id), comment: tg.msg.text });
    } catch (err) {
      if (!refused(err)) throw err;
      return next();
    }
    await tg.reply('Thank you, we have passed your comment on.').catch(() => {});
  });
  return composer;
}
