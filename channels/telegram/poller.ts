import { setTimeout as sleep } from 'node:timers/promises';
import { GrammyError, type Bot } from 'grammy';
import type { ServiceContext } from '../../server/context.ts';
import type { Logger } from '../../server/logger.ts';
import { allowedUpdates } from './bot.ts';
import { readCursor } from './cursor.ts';
import { claimLease, releaseLease } from './lease.ts';

export interface PollerOptions {
  ctx: ServiceContext;
  bot: Bot;
  botId: string;
  log: Logger;
  /** Long-poll wait per getUpdates call (Telegram allows up to 50 s). */
  timeoutSeconds?: number;
  /** Told after each round: null when Telegram answered, else what went wrong (shown on the admin page). */
  report?: (error: string | null) => void;
}

/**
 * Long polling driven by our own loop rather than bot.start(): the offset comes from channel_state and moves
 * only when exactly-once middleware records an update as handled, so a restart resumes where the last
 * committed update left off. One node polls a bot at a time (a lease), since Telegram allows one getUpdates.
 */
export class Poller {
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private readonly owner = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;

  constructor(private readonly opts: PollerOptions) {}

  start(): void {
    this.loop ??= this.run().catch((err) => this.opts.log.error({ err }, 'telegram poller stopped unexpectedly'));
  }

  /** Finishes the update in hand (its commit included), then stops and hands the lease back. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { ctx, bot, botId, log } = this.opts;
    const signal = this.abort.signal;
    let backoffMs = 500;
    while (!signal.aborted) {
      try {
        if (!(await claimLease(ctx, botId, this.owner))) {
          await sleep(5_000, undefined, { signal });
          continue;
        }
        const { offset } = await readCursor(ctx, botId);
        const updates = await bot.api.getUpdates(
          { offset, timeout: this.opts.timeoutSeconds ?? 25, allowed_updates: [...allowedUpdates] },
          signal as never,
        );
        this.opts.report?.(null);
        for (const update of updates) {
          await bot.handleUpdate(update);
          if (signal.aborted) break;
        }
        backoffMs = 500;
      } catch (err) {
        if (signal.aborted) break;
        const unauthorized = err instanceof GrammyError && err.error_code === 401;
        this.opts.report?.(unauthorized ? 'Telegram rejected the bot token (revoked or wrong)' : err instanceof Error ? err.message : String(err));
        log.warn({ err, botId, retryInMs: unauthorized ? 60_000 : backoffMs }, unauthorized ? 'telegram rejected the bot token' : 'telegram polling failed; retrying');
        await sleep(unauthorized ? 60_000 : backoffMs, undefined, { signal }).catch(() => {});
        backoffMs = Math.min(backoffMs * 2, 30_000);
      }
    }
    await releaseLease(ctx, botId, this.owner).catch((err) => log.warn({ err }, 'telegram poller lease not released'));
  }
}
