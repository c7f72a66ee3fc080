import { GrammyError, InputFile, type Api } from 'grammy';
import { PermanentDeliveryError, type OutboundAttachment, type OutboundMessage, type SendResult } from '../types.ts';
import { messageKeyOf, parseThreadKey } from './ids.ts';
import { splitText } from './split.ts';

/** Bot API upload limits: photos up to 10 MB, other files up to 50 MB. */
const PHOTO_LIMIT = 10 * 1024 * 1024;
const FILE_LIMIT = 50 * 1024 * 1024;
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

type Piece = { text: string } | { file: OutboundAttachment };

/** How far a reply got, so a retry after a failure mid-way does not send the first pieces twice. */
export interface SendProgress {
  sent: number;
  firstMessageId?: number;
}

/** Sends one agent reply: the text in pieces of at most 4096 characters, then each attachment. */
export async function sendReply(api: Api, botId: string, msg: OutboundMessage, progress: SendProgress): Promise<SendResult> {
  const target = parseThreadKey(msg.threadKey);
  if (!target) throw new PermanentDeliveryError(`"${msg.threadKey}" is not a Telegram conversation`);
  if (target.botId !== botId) throw new PermanentDeliveryError('the conversation belongs to another Telegram bot than this inbox now uses');
  const pieces: Piece[] = [...splitText(msg.text).map((text) => ({ text })), ...msg.attachments.map((file) => ({ file }))];
  for (const oversized of msg.attachments.filter((a) => a.size > FILE_LIMIT)) {
    throw new PermanentDeliveryError(`${oversized.filename} is larger than the 50 MB a Telegram bot can send`);
  }
  try {
    for (; progress.sent < pieces.length; progress.sent++) {
      const sent = await sendPiece(api, target.chatId, pieces[progress.sent]!);
      progress.firstMessageId ??= sent.message_id;
    }
  } catch (err) {
    throw asDeliveryError(err);
  }
  return progress.firstMessageId === undefined ? {} : { channelMessageId: messageKeyOf(botId, target.chatId, progress.firstMessageId) };
}

function sendPiece(api: Api, chatId: number, piece: Piece) {
  if ('text' in piece) return api.sendMessage(chatId, piece.text);
  const input = new InputFile(piece.file.path, piece.file.filename);
  if (PHOTO_TYPES.has(piece.file.contentType) && piece.file.size <= PHOTO_LIMIT) return api.sendPhoto(chatId, input);
  return api.sendDocument(chatId, input);
}

/** 403s and 400s will not change on retry: the delivery fails at once with the reason agents see. */
export function asDeliveryError(err: unknown): unknown {
  if (!(err instanceof GrammyError)) return err;
  if (err.error_code === 403) {
    if (/blocked/i.test(err.description)) return new PermanentDeliveryError('customer blocked the bot');
    if (/deactivated/i.test(err.description)) return new PermanentDeliveryError('customer deleted their Telegram account');
    return new PermanentDeliveryError(`Telegram refused the message: ${err.description}`);
  }
  if (err.error_code === 400) return new PermanentDeliveryError(`Telegram refused the message: ${err.description}`);
  return err;
}
