import type { ServiceContext } from '../context.ts';
import { sweepTimeRules, type SweepResult } from '../services/automation/sweep-time-rules.ts';

export interface AutomationSweeperOptions {
  /** How often time rules are swept (default two minutes); a time rule fires at most this late. */
  pollMs?: number;
}

export interface AutomationSweeper {
  start(): void;
  stop(): Promise<void>;
  /** One sweep now (tests call this instead of waiting). */
  tick(): Promise<SweepResult>;
}

/**
 * Runs time rules on every node, like ticket-timers: no lease is needed because each ticket is fired under its
 * row lock and recorded once per period (automation_firings), so nodes sweeping together or a node restarting
 * mid-sweep never fire anything twice; stopping ends the sweep after the ticket in hand.
 */
export function createAutomationSweeper(ctx: ServiceContext, opts: AutomationSweeperOptions = {}): AutomationSweeper {
  const log = ctx.log.child({ worker: 'automation-sweeper' });
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<SweepResult> | null = null;
  let started = false;
  let stopped = false;

  function tick(): Promise<SweepResult> {
    if (ticking) return ticking;
    ticking = sweepTimeRules(ctx, { running: () => !stopped })
      .then((r) => {
        if (r.fired || r.failed) log.info(r, 'time rules fired');
        return r;
      })
      .finally(() => {
        ticking = null;
      });
    return ticking;
  }

  return {
    start() {
      if (started) return;
      started = true;
      stopped = false;
      const every = opts.pollMs ?? 120_000;
      const run = () => {
        void tick()
          .catch((err) => log.error({ err }, 'time rule sweep failed'))
          .finally(() => {
            if (started) timer = setTimeout(run, every);
          });
      };
      timer = setTimeout(run, Math.min(every, 10_000));
    },
    async stop() {
      started = false;
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await ticking?.catch(() => {});
    },
    tick,
  };
}
