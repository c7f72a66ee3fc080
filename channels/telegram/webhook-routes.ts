import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { TelegramChannel } from './channel.ts';

/** Telegram updates are small JSON documents; anything bigger is not from Telegram. */
const MAX_UPDATE_BYTES = 1024 * 1024;

const error = (code: string, message: string) => ({ error: { code, message } });

/**
 * POST /webhooks/telegram/:inboxId. grammY checks X-Telegram-Bot-Api-Secret-Token before reading the body
 * (401 otherwise); a handling failure answers 500 so Telegram delivers the update again.
 */
export function telegramWebhookRoutes(channel: TelegramChannel) {
  const app = new Hono();
  app.use('*', bodyLimit({ maxSize: MAX_UPDATE_BYTES, onError: (c) => c.json(error('PAYLOAD_TOO_LARGE', 'Update too large'), 413) }));
  app.post('/:inboxId', async (c) => {
    const handler = channel.webhookHandler(c.req.param('inboxId'));
    if (!handler) return c.json(error('NOT_FOUND', 'No Telegram webhook is active at this address'), 404);
    try {
      return await handler(c);
    } catch (err) {
      if (err instanceof SyntaxError) return c.json(error('VALIDATION', 'The body is not a JSON Telegram update'), 400);
      throw err;
    }
  });
  return app;
}
