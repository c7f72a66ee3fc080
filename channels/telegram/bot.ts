import { autoRetry } from '@grammyjs/auto-retry';
import { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { BotDeps } from './bot-deps.ts';
import { commandsComposer } from './commands.ts';
import { csatComposer } from './csat.ts';
import { exactlyOnce } from './exactly-once.ts';
import { inboundComposer, privateChatsOnly } from './inbound.ts';

/** Updates the bot asks for; everything else Telegram can send is of no use to a help desk. */
export const allowedUpdates = ['message', 'edited_message', 'callback_query'] as const;

/**
 * A 429 waits Telegram's retry_after (up to 30 s, three times) inside the call; longer waits and network
 * errors surface to the caller, whose own retry (the outbox, the poll loop) takes over.
 */
export const retryPolicy = () => autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: true });

/** One inbox's bot: exactly-once bookkeeping first, then groups filtered out, commands, CSAT taps, messages. */
export function createTelegramBot(deps: BotDeps, botInfo?: UserFromGetMe): Bot {
  const bot = new Bot(deps.token, { client: { apiRoot: deps.apiRoot, timeoutSeconds: 60 }, ...(botInfo ? { botInfo } : {}) });
  bot.api.config.use(retryPolicy());
  bot.use(exactlyOnce(deps.ctx, deps.botId, deps.log));
  bot.use(privateChatsOnly(deps));
  bot.use(commandsComposer(deps));
  bot.use(csatComposer(deps));
  bot.use(inboundComposer(deps));
  return bot;
}
