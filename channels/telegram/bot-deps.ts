import type { ServiceContext } from '../../server/context.ts';
import type { Logger } from '../../server/logger.ts';
import type { TelegramSettings } from './settings.ts';

/** What one inbox's bot needs; settings are read per use so console edits apply without a restart. */
export interface BotDeps {
  ctx: ServiceContext;
  inboxId: string;
  botId: string;
  token: string;
  apiRoot: string;
  log: Logger;
  settings(): Promise<TelegramSettings>;
}
