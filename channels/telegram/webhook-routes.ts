import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ServiceError } from '../../server/errors.ts';
import type { TelegramChannel } from './channel.ts';

/** Telegram updates are small JSON documents; anything bigger is not from Telegram. */
const MAX_UPDATE_BYTES = 1024 * 1024;

/**
 * POST /webhooks/telegram/:inboxId. grammY checks X-Telegram-Bot-Api-Secret-Token before reading the body
 * (401 otherwise); a handling failure answers 500 (the app's onError) so Telegram delivers the update again.
 */
export function telegramWebhookRoutes(channel: TelegramChannel) {
  const app = new Hono();
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_UPDATE_BYTES,
      onError: () => {
        throw new ServiceError('PAYLOAD_TOO_LARGE', 'Update too large');
      },
    }),
  );
  app.post('/:inboxId', async (c) => {
    const handler = channel.webhookHandler(c.req.param('inboxId'));
    if (!handler) throw new ServiceError('NOT_FOUND', 'No Telegram webhook is active at this address');
    try {
      return await handler(c);
    } catch (err) {
      if (err instanceof SyntaxError) throw new ServiceError('VALIDATION', 'The body is not a JSON Telegram update');
      throw err;
    }
  });
  return app;
}
