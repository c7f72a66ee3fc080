import { Composer, type Context } from 'grammy';
import { ingest } from '../../server/services/tickets/ingest.ts';
import type { InboundAttachment } from '../types.ts';
import type { BotDeps } from './bot-deps.ts';
import { downloadMedia } from './media.ts';
import { normaliseMessage } from './normalise.ts';

/** Private-chat messages and their edits become ticket messages through the one ingest path. */
export function inboundComposer(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on(['message', 'edited_message'], async (tg) => {
    const m = tg.msg;
    if (!m.from || m.from.is_bot) return;
    const edited = tg.editedMessage !== undefined;
    const { inbound, media } = normaliseMessage(deps.botId, deps.inboxId, m, edited);
    const attachments: InboundAttachment[] = [];
    let text = inbound.text;
    if (media) {
      const got = await downloadMedia(tg.api, deps.apiRoot, deps.token, media);
      if ('attachment' in got) attachments.push(got.attachment);
      else text = `${text}\n${got.skipped}`;
    }
    const result = await ingest(deps.ctx, { ...inbound, text, attachments });
    deps.log.info(
      { ticketId: result.ticketId, messageId: result.messageId, duplicate: result.duplicate, updateId: tg.update.update_id },
      edited ? 'telegram edit recorded' : 'telegram message ingested',
    );
  });
  return composer;
}

/** Switchboard serves one customer per conversation: groups and channels are not tickets. */
export function privateChatsOnly(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.use(async (tg, next) => {
    const chat = tg.chat;
    if (chat && chat.type !== 'private') {
      deps.log.info({ chatId: chat.id, chatType: chat.type, updateId: tg.update.update_id }, 'telegram update from a group chat ignored');
      return;
    }
    await next();
  });
  return composer;
}
