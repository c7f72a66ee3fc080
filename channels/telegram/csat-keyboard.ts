import { eq } from 'drizzle-orm';
import { InlineKeyboard, type Api } from 'grammy';
import type { ServiceContext } from '../../server/context.ts';
import { messages } from '../../server/db/schema/index.ts';
import { surveyTokens } from '../../server/services/csat/survey-token.ts';
import { PermanentDeliveryError, type OutboundMessage, type SendResult } from '../types.ts';
import { messageKeyOf, parseThreadKey } from './ids.ts';
import { asDeliveryError } from './send.ts';

export const faces = ['😞', '🙁', '😐', '🙂', '😍'];

/** Callback data "<compact survey token>:<rating>": at most 60 bytes of Telegram's 64 (see survey-token.ts). */
export const surveyButtonData = (token: string, rating: number) => `${token}:${rating}`;

/** The five rating buttons of a survey message as it leaves, or null when the message is not a survey. */
export async function surveyKeyboard(ctx: ServiceContext, m: OutboundMessage): Promise<InlineKeyboard | null> {
  if (!m.automatic) return null;
  const [row] = await ctx.db.select({ meta: messages.meta }).from(messages).where(eq(messages.id, m.messageId));
  const survey = row?.meta.csatSurvey as { resolvedAt?: unknown } | undefined;
  if (row?.meta.automaticKind !== 'csat-survey' || typeof survey?.resolvedAt !== 'string') return null;
  const token = surveyTokens(ctx.config).issueCompact(m.ticketId, new Date(survey.resolvedAt));
  const keyboard = new InlineKeyboard();
  faces.forEach((face, i) => keyboard.text(`${i + 1} ${face}`, surveyButtonData(token, i + 1)));
  return keyboard;
}

/** Sends the survey (one message, the prompt is at most ~1000 characters) with its buttons. */
export async function sendSurvey(api: Api, botId: string, m: OutboundMessage, keyboard: InlineKeyboard): Promise<SendResult> {
  const target = parseThreadKey(m.threadKey);
  if (!target || target.botId !== botId)
    throw new PermanentDeliveryError('the conversation belongs to another Telegram bot than this inbox now uses');
  try {
    const sent = await api.sendMessage(target.chatId, m.text, { reply_markup: keyboard });
    return { channelMessageId: messageKeyOf(botId, target.chatId, sent.message_id) };
  } catch (err) {
    throw asDeliveryError(err);
  }
}
