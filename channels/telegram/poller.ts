import { setTimeout as sleep } from 'node:timers/promises';
import { GrammyError, type Bot } from 'grammy';
import type { ServiceContext } from '../../server/context.ts';
import type { Logger } from '../../server/logger.ts';
import { allowedUpdates } from './bot.ts';
import { readCursor } from './cursor.ts';

export interface PollerOptions {
  ctx: ServiceContext;
  bot: Bot;
  botId: string;
  log: Logger;
  /** Long-poll wait per getUpdates call (Telegram allows up to 50 s). */
  timeoutSeconds?: number;
  /** Told after each round: null when Telegram answered, else what went wrong (shown on the admin page). */
  report?: (error: string | null) => void;
  /** False once this node's lease on the bot may lapse: no further update is handled. */
  held?: () => boolean;
}

/**
 * Long polling driven by our own loop rather than bot.start(): the offset comes from channel_state and moves
 * only when exactly-once middleware records an update as handled, so a restart resumes where the last
 * committed update left off. Runs only on the node holding the inbox's lease (runLeased), since Telegram allows
 * one getUpdates per bot.
 */
export class Poller {
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(private readonly opts: PollerOptions) {}

  start(): void {
    this.loop ??= this.run().catch((err) => this.opts.log.error({ err }, 'telegram poller stopped unexpectedly'));
  }

  /** Finishes the update in hand (its commit included), then stops. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { ctx, bot, botId, log } = this.opts;
    const signal = this.abort.signal;
    const held = this.opts.held ?? (() => true);
    let backoffMs = 500;
    while (!signal.aborted && held()) {
      try {
        const { offset } = await readCursor(ctx, botId);
        const updates = await bot.api.getUpdates(
          { offset, timeout: this.opts.timeoutSeconds ?? 25, allowed_updates: [...allowedUpdates] },
          signal as never,
        );
        this.opts.report?.(null);
        for (const update of updates) {
          await bot.handleUpdate(update);
          if (signal.aborted || !held()) break;
        }
        backoffMs = 500;
      } catch (err) {
        if (signal.aborted) break;
        const unauthorized = err instanceof GrammyError && err.error_code === 401;
        this.opts.report?.(
          unauthorized ? 'Telegram rejected the bot token (revoked or wrong)' : err instanceof Error ? err.message : String(err),
        );
        log.warn(
          { err, botId, retryInMs: unauthorized ? 60_000 : backoffMs },
          unauthorized ? 'telegram rejected the bot token' : 'telegram polling failed; retrying',
        );
        await sleep(unauthorized ? 60_000 : backoffMs, undefined, { signal }).catch(() => {});
        backoffMs = Math.min(backoffMs * 2, 30_000);
      }
    }
  }
}
