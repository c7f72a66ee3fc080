import { webhookCallback, type Bot } from 'grammy';
import type { Context as HonoContext } from 'hono';
import type { ServiceContext } from '../../server/context.ts';
import { inboxes } from '../../server/db/schema/index.ts';
import { eq } from 'drizzle-orm';
import type { BotDeps } from './bot-deps.ts';
import { allowedUpdates, createTelegramBot } from './bot.ts';
import { webhookPath, webhookSecretOf, type TelegramInbox } from './inbox.ts';
import { runLeased } from '../../server/workers/leased.ts';
import { Poller } from './poller.ts';
import { readTelegramSettings } from './settings.ts';
import { statusReporter } from './status.ts';

export interface RunningBot {
  inbox: TelegramInbox;
  bot: Bot;
  mode: 'polling' | 'webhook';
  /** Set in webhook mode: answers Telegram's POSTs, refusing a wrong secret token with 401. */
  webhook?: (c: HonoContext) => Promise<Response>;
  stop(): Promise<void>;
}

export interface LaunchOptions {
  apiRoot: string;
  publicUrl?: string;
  pollTimeoutSeconds?: number;
}

/** Webhook when the inbox asks for it, or on `auto` when the server has a public URL; long polling otherwise. */
export const modeOf = (inbox: TelegramInbox, publicUrl?: string) =>
  inbox.settings.mode === 'webhook' || (inbox.settings.mode === 'auto' && publicUrl) ? 'webhook' : 'polling';

/** Builds an inbox's bot, checks its token (getMe), and starts receiving: registers the webhook or starts polling. */
export async function launchBot(ctx: ServiceContext, inbox: TelegramInbox, opts: LaunchOptions): Promise<RunningBot> {
  const token = inbox.secrets.botToken;
  const log = ctx.log.child({ channel: 'telegram', inboxId: inbox.id, botId: inbox.botId });
  const deps: BotDeps = {
    ctx,
    inboxId: inbox.id,
    botId: inbox.botId,
    token,
    apiRoot: opts.apiRoot,
    log,
    settings: async () => {
      const [row] = await ctx.db.select({ settings: inboxes.settings }).from(inboxes).where(eq(inboxes.id, inbox.id));
      return readTelegramSettings(row?.settings ?? inbox.settings);
    },
  };
  const bot = createTelegramBot(deps);
  await bot.init();
  const mode = modeOf(inbox, opts.publicUrl);
  const report = statusReporter(ctx, inbox.id);
  const username = bot.botInfo.username;
  if (mode === 'webhook') {
    if (!opts.publicUrl) throw new Error('webhook mode needs PUBLIC_URL');
    const secretToken = webhookSecretOf(token);
    const url = `${opts.publicUrl.replace(/\/+$/, '')}${webhookPath(inbox.id)}`;
    // One connection: Telegram then delivers in order and retries a failed update before sending the next.
    await bot.api.setWebhook(url, { secret_token: secretToken, allowed_updates: [...allowedUpdates], max_connections: 1 });
    log.info({ url }, 'telegram webhook registered');
    await report({ state: 'connected', error: null, mode, username, webhookUrl: url });
    const webhook = webhookCallback(bot, 'hono', { secretToken, timeoutMilliseconds: 55_000 });
    return { inbox, bot, mode, webhook, stop: async () => {} };
  }
  // getUpdates is refused while a webhook is set; pending updates stay queued at Telegram.
  await bot.api.deleteWebhook({ drop_pending_updates: false });
  // Webhook mode needs no lease (Telegram posts to whichever node the proxy picks); polling runs on one node.
  const lease = runLeased(ctx, `telegram:${inbox.id}`, (held) => {
    const poller = new Poller({
      ctx,
      bot,
      botId: inbox.botId,
      log,
      held,
      timeoutSeconds: opts.pollTimeoutSeconds,
      report: (error) => void report({ state: error ? 'error' : 'connected', error, mode, username, webhookUrl: null }),
    });
    poller.start();
    return poller;
  });
  log.info('telegram long polling started');
  await report({ state: 'connected', error: null, mode, username, webhookUrl: null });
  return { inbox, bot, mode, stop: () => lease.stop() };
}
