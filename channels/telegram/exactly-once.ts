import { GrammyError, type Context, type MiddlewareFn } from 'grammy';
import type { ServiceContext } from '../../server/context.ts';
import { ServiceError } from '../../server/errors.ts';
import type { Logger } from '../../server/logger.ts';
import { isHandled, markHandled, readCursor } from './cursor.ts';

/** After this many failed tries an update that keeps failing is set aside, so it cannot stall the bot's queue. */
export const MAX_UPDATE_ATTEMPTS = 5;

/**
 * First middleware of every bot, for polling and webhooks alike: an update already handled is ignored, and an
 * update counts as handled only once everything it caused has committed. A failure propagates, so the update
 * is fetched (polling) or delivered (webhook: HTTP 500) again; ingest's unique message ids absorb the replay.
 */
export function exactlyOnce(ctx: ServiceContext, botId: string, log: Logger): MiddlewareFn<Context> {
  const attempts = new Map<number, number>();
  return async (tg, next) => {
    const id = tg.update.update_id;
    if (!Number.isSafeInteger(id) || id < 0) {
      log.warn({ update: tg.update }, 'telegram update without a valid update_id ignored');
      return;
    }
    if (isHandled(await readCursor(ctx, botId), id)) {
      log.info({ updateId: id, botId }, 'duplicate telegram update ignored');
      return;
    }
    try {
      await next();
    } catch (err) {
      const tries = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, tries);
      if (!isPermanent(err) && tries < MAX_UPDATE_ATTEMPTS) throw err;
      log.error({ err, updateId: id, botId, tries, update: tg.update }, 'telegram update could not be processed and was set aside');
    }
    await markHandled(ctx, botId, id);
    attempts.delete(id);
  };
}

/** Failures a retry cannot fix: input ingest rejects, or Telegram refusing a reply (blocked, bad request). */
function isPermanent(err: unknown): boolean {
  if (err instanceof ServiceError) return err.code === 'VALIDATION';
  if (err instanceof GrammyError) return err.error_code === 400 || err.error_code === 403;
  return false;
}
