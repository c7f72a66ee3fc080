import type { ServiceContext } from '../context.ts';
import { pruneAuditLog } from '../services/audit/prune-audit.ts';
import { autoCloseResolved } from '../services/tickets/auto-close.ts';
import { wakeSnoozed } from '../services/tickets/wake-snoozed.ts';

export interface TicketTimersOptions {
  /** How often due snoozes and auto-closes are looked for; a snoozed ticket returns at most this late. */
  pollMs?: number;
}

export interface TicketTimerResult {
  woken: number;
  closed: number;
  failed: number;
  /** Audit entries past the retention period deleted in this tick (looked for every ten minutes). */
  pruned: number;
}

const PRUNE_EVERY_MS = 10 * 60_000;

export interface TicketTimers {
  start(): void;
  stop(): Promise<void>;
  /** Does what is due now (tests call this instead of waiting for the poll). */
  tick(): Promise<TicketTimerResult>;
}

/**
 * Ends snoozes and closes long-resolved tickets. Like the SLA scheduler it keeps no state of its own: due times are
 * ticket columns, each change re-checks under the ticket's row lock, so any number of nodes may run it and a
 * restarted node at once does what fell due while none was running.
 */
export function createTicketTimers(ctx: ServiceContext, opts: TicketTimersOptions = {}): TicketTimers {
  const log = ctx.log.child({ worker: 'ticket-timers' });
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<TicketTimerResult> | null = null;
  let started = false;
  let prunedAt = 0;

  /** Housekeeping on the same clock: audit entries past their retention, at most every ten minutes per node. */
  async function pruneIfDue(): Promise<number> {
    const now = ctx.now().getTime();
    if (now - prunedAt < PRUNE_EVERY_MS) return 0;
    prunedAt = now;
    return pruneAuditLog(ctx);
  }

  async function tick(): Promise<TicketTimerResult> {
    if (ticking) return ticking;
    ticking = (async () => {
      const woke = await wakeSnoozed(ctx);
      const closed = await autoCloseResolved(ctx);
      const pruned = await pruneIfDue();
      const result = { woken: woke.woken, closed: closed.closed, failed: woke.failed + closed.failed, pruned };
      if (result.woken || result.closed || pruned) log.info(result, 'ticket timers fired');
      return result;
    })().finally(() => {
      ticking = null;
    });
    return ticking;
  }

  return {
    start() {
      if (started) return;
      started = true;
      const every = opts.pollMs ?? 5_000;
      const run = () => {
        void tick()
          .catch((err) => log.error({ err }, 'ticket timers tick failed'))
          .finally(() => {
            if (started) timer = setTimeout(run, every);
          });
      };
      run();
    },
    async stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await ticking?.catch(() => {});
    },
    tick,
  };
}
