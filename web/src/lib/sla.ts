import type { SlaMetric } from '$realtime/events';
import type { TicketView } from './types.ts';

export type SlaState = 'ok' | 'warning' | 'breached';
export interface SlaBadge {
  metric: SlaMetric;
  dueAt: string;
  state: SlaState;
}

const dueFields: [SlaMetric, 'firstResponseDueAt' | 'nextResponseDueAt' | 'resolutionDueAt'][] = [
  ['first_response', 'firstResponseDueAt'],
  ['next_response', 'nextResponseDueAt'],
  ['resolution', 'resolutionDueAt'],
];

/**
 * The ticket's running SLA targets (the server clears a due time once it is met or paused). Past due is breached;
 * a warning comes from the server's sla.warning (its share of the target is the policy's, not the browser's).
 */
export function slaBadges(
  ticket: Pick<TicketView, 'id' | 'firstResponseDueAt' | 'nextResponseDueAt' | 'resolutionDueAt'>,
  warned: (ticketId: string, metric: SlaMetric) => boolean,
  now: number,
): SlaBadge[] {
  const out: SlaBadge[] = [];
  for (const [metric, field] of dueFields) {
    const dueAt = ticket[field];
    if (!dueAt) continue;
    const state: SlaState = Date.parse(dueAt) <= now ? 'breached' : warned(ticket.id, metric) ? 'warning' : 'ok';
    out.push({ metric, dueAt, state });
  }
  return out;
}
