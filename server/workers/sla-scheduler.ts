import type { ServiceContext } from '../context.ts';
import type { DomainEvents } from '../events.ts';
import { fireDueSla, type FireResult } from '../services/sla/fire-due.ts';
import { syncSla } from '../services/sla/sync-ticket-sla.ts';

export interface SlaSchedulerOptions {
  /** How often due warnings and breaches are looked for; an alert fires at most this late. */
  pollMs?: number;
  /** An escalated ticket landed in this team's queue. */
  onEscalatedTo?: (teamId: string) => void;
}

export interface SlaScheduler {
  start(): void;
  stop(): Promise<void>;
  /** Fires what is due now (tests call this instead of waiting for the poll). */
  tick(): Promise<FireResult>;
  /** Resolves once no clock update from a ticket change is in flight. */
  idle(): Promise<void>;
}

// Changes that start, stop, pause or re-target a clock. A customer message ('message') syncs its clocks inside ingest.
const clockChanges = new Set(['status', 'priority', 'transfer', 'escalation', 'team']);

/**
 * Keeps SLA clocks in step with ticket changes and fires warnings and breaches. All state is in the database:
 * a restarted node catches up on everything that fell due while it was down, and several nodes may run this.
 */
export function createSlaScheduler(ctx: ServiceContext, opts: SlaSchedulerOptions = {}): SlaScheduler {
  const log = ctx.log.child({ worker: 'sla' });
  const inFlight = new Set<Promise<unknown>>();
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<FireResult> | null = null;
  let off: (() => void) | null = null;
  let started = false;

  const track = (p: Promise<unknown>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  function onUpdated({ ticket, changes }: DomainEvents['ticket.updated']) {
    if (!changes.some((c) => clockChanges.has(c))) return;
    track(syncSla(ctx, ticket.id).catch((err) => log.error({ err, ticketId: ticket.id }, 'SLA clock update failed')));
  }

  async function tick(): Promise<FireResult> {
    if (ticking) return ticking;
    ticking = (async () => {
      const result = await fireDueSla(ctx);
      for (const teamId of result.teamsToDrain) opts.onEscalatedTo?.(teamId);
      if (result.warned || result.breached) log.info(result, 'SLA alerts fired');
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
      off = ctx.events.on('ticket.updated', onUpdated);
      const every = opts.pollMs ?? 2_000;
      // The first tick starts now: whatever fell due while no node was running fires at once.
      const run = () => {
        void tick()
          .catch((err) => log.error({ err }, 'SLA tick failed'))
          .finally(() => {
            if (started) timer = setTimeout(run, every);
          });
      };
      run();
    },
    async stop() {
      started = false;
      off?.();
      off = null;
      if (timer) clearTimeout(timer);
      timer = null;
      await ticking?.catch(() => {});
      await Promise.allSettled([...inFlight]);
    },
    tick,
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}
