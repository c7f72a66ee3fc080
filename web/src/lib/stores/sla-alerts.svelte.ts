import type { SlaMetric } from '$realtime/events';

/** Which tickets' SLA targets the server has warned about (sla.warning) or seen missed (sla.breached), keyed "ticket:metric". */
class SlaAlerts {
  warned = $state<Record<string, string>>({});
  breached = $state<Record<string, true>>({});

  warn(ticketId: string, metric: SlaMetric, dueAt: string): void {
    this.warned[`${ticketId}:${metric}`] = dueAt;
  }

  breach(ticketId: string, metrics: SlaMetric[]): void {
    for (const m of metrics) this.breached[`${ticketId}:${m}`] = true;
  }

  isWarned = (ticketId: string, metric: SlaMetric): boolean => `${ticketId}:${metric}` in this.warned;

  /** Warnings recorded in a ticket's history (sla_warning events) survive a reload of the page. */
  fromHistory(ticketId: string, events: { kind: string; to: string | null; data: Record<string, unknown> | null }[]): void {
    for (const e of events) if (e.kind === 'sla_warning' && e.to) this.warn(ticketId, e.to as SlaMetric, String(e.data?.dueAt ?? ''));
  }
}

export const slaAlerts = new SlaAlerts();
