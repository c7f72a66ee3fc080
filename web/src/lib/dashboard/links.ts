import type { ChannelKind } from '$lib/types.ts';

/** The ticket list's `sla` filter values (server: services/sla/sla-state.ts). */
type SlaState = 'at_risk' | 'breached';

/**
 * Inbox URLs listing the tickets behind a dashboard number. Each uses the ticket list filter whose SQL is the
 * number's own (server: tickets/drill-filters.ts), over all tickets, in any status the number counts.
 */
function inbox(params: Record<string, string | undefined>): string {
  const p = new URLSearchParams({ view: 'all' });
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  return `/inbox?${p.toString()}`;
}

export const drillLinks = {
  waiting: (teamId: string, channel?: ChannelKind) => inbox({ queue: teamId, channel, sort: 'priority' }),
  /** Load is what occupies the agent: new and open. */
  load: (userId: string, channel?: ChannelKind) => inbox({ assigneeId: userId, status: 'new,open', channel }),
  open: (userId: string) => inbox({ assigneeId: userId }),
  sla: (state: SlaState) => inbox({ sla: state, sort: 'priority' }),
  created: (fromAt: string) => inbox({ createdFrom: fromAt, status: 'any', sort: 'updated' }),
  responded: (fromAt: string) => inbox({ createdFrom: fromAt, responded: 'true', status: 'any', sort: 'updated' }),
  resolved: (fromAt: string) => inbox({ resolvedFrom: fromAt, status: 'any', sort: 'updated' }),
  rated: (fromAt: string, rating?: number) =>
    inbox({ ratedFrom: fromAt, rating: rating ? String(rating) : undefined, status: 'any', sort: 'updated' }),
  ticket: (ticketId: string) => `/inbox/${ticketId}?view=all&status=any`,
};
