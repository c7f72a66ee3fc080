import type { ServiceContext } from '../context.ts';
import type { DomainEventName } from '../events.ts';
import { throttle } from './throttle.ts';
import { rooms, type AgentNamespace } from './types.ts';

/** Domain events that move a number on the supervisor dashboard. */
export const DASHBOARD_EVENTS = [
  'ticket.created',
  'ticket.updated',
  'message.created',
  'queue.stats',
  'presence.changed',
  'sla.warning',
  'sla.breached',
  'csat.recorded',
] as const satisfies readonly DomainEventName[];

/** A busy center changes something many times a second; supervisors refetch the snapshot at most this often. */
export const DASHBOARD_PULSE_MS = 1_000;

/**
 * Tells the supervisors room that the dashboard changed, coalesced to one `dashboard.changed` per interval per
 * node, so consoles refetch GET /api/dashboard (whose numbers stay in SQL) instead of patching them locally.
 */
export function dashboardPulse(ctx: ServiceContext, agents: AgentNamespace, intervalMs = DASHBOARD_PULSE_MS): () => void {
  const reasons = new Set<DomainEventName>();
  const pulse = throttle(() => {
    agents.to(rooms.supervisors).emit('dashboard.changed', { at: ctx.now().toISOString(), reasons: [...reasons] });
    reasons.clear();
  }, intervalMs);
  const offs = DASHBOARD_EVENTS.map((name) =>
    ctx.events.on(name, () => {
      reasons.add(name);
      pulse.poke();
    }),
  );
  return () => {
    pulse.cancel();
    for (const off of offs) off();
  };
}
