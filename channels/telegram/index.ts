import type { Env, Hono } from 'hono';
import type { ServiceContext } from '../../server/context.ts';
import { bootstrapTelegramInbox } from './bootstrap.ts';
import { TelegramChannel } from './channel.ts';
import { telegramWebhookRoutes } from './webhook-routes.ts';

export { TelegramChannel };

/**
 * The Telegram channel as the composition root uses it: the adapter (for the outbox registry), its webhook
 * routes (mounted before the server listens), and start, which bootstraps from env and launches the bots.
 */
export function createTelegramChannel(ctx: ServiceContext) {
  const adapter = new TelegramChannel(ctx, { apiRoot: ctx.config.TELEGRAM_API_ROOT, publicUrl: ctx.config.PUBLIC_URL });
  return {
    adapter,
    // Generic over the host app's env: the webhook reads nothing the API's middleware sets.
    mountRoutes: <E extends Env>(app: Hono<E>) => app.route('/webhooks/telegram', telegramWebhookRoutes(adapter)),
    async start() {
      await bootstrapTelegramInbox(ctx);
      await adapter.start();
    },
    stop: () => adapter.stop(),
  };
}
