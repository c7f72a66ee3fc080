import { Composer, GrammyError, type Context } from 'grammy';
import { ServiceError } from '../../server/errors.ts';
import { systemActor } from '../../server/services/actor.ts';
import { addCsatComment } from '../../server/services/csat/add-comment.ts';
import { answerCsatSurvey } from '../../server/services/csat/answer-survey.ts';
import type { BotDeps } from './bot-deps.ts';
import { findCommentPrompt, saveCommentPrompt } from './csat-prompts.ts';
import { faces } from './csat-keyboard.ts';
import { csatText, type CsatTextKey } from './csat-text.ts';

const channel = systemActor('telegram');

/** A rating button: the compact survey token (see survey-token.ts) and the rating. */
const surveyTap = /^(c1\.[A-Za-z0-9_-]{22}\.[0-9a-z]{1,12}\.[A-Za-z0-9_-]{22}):([1-5])$/;
/** Buttons sent before surveys were signed ("csat:<ticket>:<resolution>:<rating>"): no longer taken. */
const unsignedTap = /^csat:[0-9a-f-]{36}:[0-9a-z]{1,12}:[1-5]$/;

/** What the customer is told when a tap is refused; null for failures a retry may fix. */
function refusal(err: unknown): { key: CsatTextKey; rating?: number } | null {
  if (!(err instanceof ServiceError)) return null;
  if (err.code === 'GONE') return { key: 'closed' };
  if (err.code === 'CONFLICT') {
    const rating = (err.details as { rating?: unknown } | undefined)?.rating;
    return typeof rating === 'number' ? { key: 'alreadyRated', rating } : { key: 'alreadyRatedNoRating' };
  }
  if (err.code === 'FORBIDDEN') return { key: 'notYours' };
  if (err.code === 'VALIDATION') return { key: 'invalid' };
  return null;
}

/**
 * A tap answers the survey of that resolution once (answerCsatSurvey, as email and the widget do): the signed
 * token names the ticket and resolution, the tapping Telegram user must be the ticket's customer. The first
 * answer thanks, replaces the buttons with the rating and invites an optional comment, which a reply to the
 * invitation attaches to that answer. A closed survey, a second tap or a stranger's tap changes nothing.
 */
export function csatComposer(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  // The answer (or refusal) is committed: a failed courtesy call must not make the update run again.
  const warn = (what: string) => (err: unknown) => {
    if (!(err instanceof GrammyError && err.error_code === 400)) deps.log.warn({ err }, `${what} failed`);
  };

  composer.callbackQuery(unsignedTap, async (tg) => {
    await tg.answerCallbackQuery({ text: csatText(tg.from.language_code)('closed') }).catch(warn('answerCallbackQuery'));
    await tg.editMessageReplyMarkup().catch(warn('removing the old survey buttons'));
  });

  composer.callbackQuery(surveyTap, async (tg) => {
    const [, token, digit] = tg.match as RegExpMatchArray;
    const rating = Number(digit);
    const t = csatText(tg.from.language_code);
    let answered;
    try {
      answered = await answerCsatSurvey(deps.ctx, channel, {
        token: token!,
        rating,
        respondent: { channel: 'telegram', customerExternalId: String(tg.from.id) },
      });
    } catch (err) {
      const refused = refusal(err);
      if (!refused) throw err;
      deps.log.info({ code: (err as ServiceError).code, from: tg.from.id }, 'telegram csat tap refused');
      await tg.answerCallbackQuery({ text: t(refused.key, { rating: refused.rating ?? '' }) }).catch(warn('answerCallbackQuery'));
      if (refused.key === 'closed') await tg.editMessageReplyMarkup().catch(warn('removing the closed survey buttons'));
      return;
    }
    await tg.answerCallbackQuery({ text: t('thanks') }).catch(warn('answerCallbackQuery'));
    const prompt = tg.callbackQuery.message && 'text' in tg.callbackQuery.message ? (tg.callbackQuery.message.text ?? '') : '';
    await tg.editMessageText(`${prompt}\n\n${t('rated', { rating, face: faces[rating - 1]! })}`.trim()).catch(warn('editMessageText'));
    const chatId = tg.chat?.id;
    if (chatId === undefined) return;
    try {
      const ask = await tg.api.sendMessage(chatId, t('askComment'), {
        reply_markup: { force_reply: true, input_field_placeholder: t('commentPlaceholder') },
      });
      await saveCommentPrompt(deps.ctx, deps.botId, chatId, ask.message_id, {
        ticketId: answered.ticketId,
        resolvedAt: answered.resolvedAt,
      });
    } catch (err) {
      warn('the comment invitation')(err);
    }
  });

  // A reply to the invitation is the comment; anything else (or a second comment) goes on as a message to the team.
  composer.on('message:text', async (tg, next) => {
    const to = tg.msg.reply_to_message;
    const prompt = to?.from?.id === tg.me.id ? await findCommentPrompt(deps.ctx, deps.botId, tg.chat.id, to.message_id) : null;
    if (!prompt) return next();
    try {
      await addCsatComment(deps.ctx, channel, {
        ...prompt,
        channel: 'telegram',
        customerExternalId: String(tg.from.id),
        comment: tg.msg.text,
      });
    } catch (err) {
      if (err instanceof ServiceError && ['NOT_FOUND', 'FORBIDDEN', 'VALIDATION', 'CONFLICT'].includes(err.code)) return next();
      throw err;
    }
    await tg.reply(csatText(tg.from.language_code)('commentThanks')).catch(warn('the comment thanks'));
  });
  return composer;
}
