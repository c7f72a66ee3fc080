import type { ServiceContext } from '../context.ts';
import type { DomainEvents } from '../events.ts';
import { adoptWaiting } from '../services/routing/adopt-waiting.ts';
import { drainTeam } from '../services/routing/drain-team.ts';
import { drainTeamsOf, drainWaitingTeams } from '../services/routing/drain-waiting-teams.ts';

export interface RoutingProcessorOptions {
  /** How often every queue is re-offered to free agents, whatever events this node heard (other nodes' changes). */
  sweepMs?: number;
  /** Called when a ticket is created so its routing job runs now rather than at the next outbox poll. */
  onTicketCreated?: () => void;
}

export interface RoutingProcessor {
  start(): void;
  stop(): Promise<void>;
  /** Queue a drain: a team id, `user:<id>` (that agent's teams) or `all` (every team with someone waiting). */
  request(key: string): void;
  /** Resolves once no drain is queued or running. */
  idle(): Promise<void>;
  /** One sweep now: adopt orphaned tickets into their queues and drain every team with someone waiting. */
  sweep(): Promise<void>;
}

// Changes that can free an agent's seat or put a ticket back into a team's queue.
const capacityChanges = new Set(['status', 'assignee', 'transfer', 'escalation', 'team']);

/**
 * Keeps queues moving: a resolved, held, closed or moved ticket frees a seat; an agent coming online adds seats.
 * Drains are coalesced in-process; correctness does not depend on it (drainTeam locks), only latency does.
 */
export function createRoutingProcessor(ctx: ServiceContext, opts: RoutingProcessorOptions = {}): RoutingProcessor {
  const log = ctx.log.child({ worker: 'routing' });
  const pending = new Set<string>();
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let sweeping: Promise<void> | null = null;
  const offs: Array<() => void> = [];

  async function drainKey(key: string) {
    if (key === 'all') await drainWaitingTeams(ctx);
    else if (key.startsWith('user:')) await drainTeamsOf(ctx, key.slice(5));
    else if (key.startsWith('adopt:')) await adoptWaiting(ctx.db, ctx.now(), key.slice(6));
    else await drainTeam(ctx, key);
  }

  function kick() {
    if (running) return;
    running = (async () => {
      while (pending.size) {
        // Adoptions first so the drains that follow see the tickets in their queues.
        const keys = [...pending].sort((a, b) => Number(b.startsWith('adopt:')) - Number(a.startsWith('adopt:')));
        pending.clear();
        for (const key of keys) await drainKey(key).catch((err) => log.error({ err, key }, 'routing drain failed'));
      }
    })().finally(() => {
      running = null;
      if (pending.size) kick();
    });
  }

  const request = (key: string) => {
    pending.add(key);
    kick();
  };

  function onUpdated({ ticket, changes }: DomainEvents['ticket.updated']) {
    // Routing's own assignments take seats, they never free one.
    if (changes.includes('routing') || !changes.some((c) => capacityChanges.has(c))) return;
    if (ticket.teamId && !ticket.assigneeId && (ticket.status === 'new' || ticket.status === 'open')) {
      request(`adopt:${ticket.id}`);
    }
    // Its own team first (its stats change even when nobody waits), then every queue a freed seat may serve.
    if (ticket.teamId) request(ticket.teamId);
    request('all');
  }

  async function sweep() {
    await adoptWaiting(ctx.db, ctx.now());
    await drainWaitingTeams(ctx);
  }

  return {
    start() {
      offs.push(ctx.events.on('ticket.updated', onUpdated));
      offs.push(ctx.events.on('presence.changed', (e) => request(`user:${e.userId}`)));
      if (opts.onTicketCreated) offs.push(ctx.events.on('ticket.created', opts.onTicketCreated));
      const every = opts.sweepMs ?? 10_000;
      const loop = () => {
        timer = setTimeout(() => {
          sweeping = sweep()
            .catch((err) => log.error({ err }, 'routing sweep failed'))
            .finally(() => {
              sweeping = null;
              if (timer) loop();
            });
        }, every);
      };
      loop();
      // Catch up on whatever waited while no node was running.
      request('all');
    },
    async stop() {
      for (const off of offs.splice(0)) off();
      if (timer) clearTimeout(timer);
      timer = null;
      pending.clear();
      await sweeping;
      while (running) await running;
    },
    request,
    async idle() {
      while (running) await running;
    },
    sweep,
  };
}
