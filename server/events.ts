import { EventEmitter } from 'node:events';
import type { CsatView } from './services/csat/present.ts';
import type { Presence } from './db/schema/users.ts';
import type { MessageView, TicketView } from './services/tickets/present.ts';
import type { SlaMetric } from './db/schema/sla-policies.ts';
import type { QueueStats } from './services/routing/queue-stats.ts';
import type { TicketSuggestions } from '../knowledge-base/suggest/types.ts';
import type { NotificationView } from './services/notifications/present.ts';

/** Domain events, published only after the transaction that caused them has committed. */
export interface DomainEvents {
  'ticket.created': { ticket: TicketView };
  /** changes 'message': a customer message arrived; its message.created follows with the same ticket view. */
  'ticket.updated': { ticket: TicketView; changes: string[] };
  'message.created': { ticket: TicketView; message: MessageView };
  /** `nextAttemptAt`: a queued message waiting for another try after a failure (absent: unchanged or none). */
  'message.status': {
    ticketId: string;
    messageId: string;
    status: MessageView['deliveryStatus'];
    error: string | null;
    nextAttemptAt?: string | null;
  };
  /** A team's waiting count, oldest wait and members' load, after routing changed it. */
  'queue.stats': QueueStats;
  /** A share of an SLA target has run: the assignee (or the team, if unassigned) is warned. */
  'sla.warning': { ticket: TicketView; metric: SlaMetric; dueAt: string };
  /** An SLA target was missed and the ticket escalated: supervisors are alerted. */
  'sla.breached': { ticket: TicketView; metrics: SlaMetric[]; level: number; fromTeamId: string | null; toTeamId: string | null };
  /** Knowledge-base articles suggested for a ticket after a customer message (status 'unavailable' when search is down). */
  'kb.suggestions': TicketSuggestions;
  'presence.changed': { userId: string; name: string; presence: Presence; at: string };
  /** Ephemeral (no transaction): relays typing between the agents' and the widget's namespaces. */
  typing: { ticketId: string; state: 'start' | 'stop'; who: { type: 'agent'; userId: string; name: string } | { type: 'customer' } };
  'csat.recorded': { csat: CsatView };
  /** Ephemeral: a customer on a live channel (widget) has seen the agents' messages up to `upTo` (a message id). */
  'customer.read': { ticketId: string; upTo: string; at: string };
  /** Ephemeral: an agent opened the ticket's conversation, so the customer's messages so far count as seen. */
  'agent.read': { ticketId: string; userId: string; at: string };
  /** A notification for one user committed (bell, mention, assignment, SLA, followed ticket). */
  'notification.created': { userId: string; notification: NotificationView };
  /** A user read notifications (in one tab): their other tabs update the bell. */
  'notification.read': { userId: string; ids: string[] };
}
export type DomainEventName = keyof DomainEvents;
export type DomainEvent = { [K in DomainEventName]: { name: K; data: DomainEvents[K] } }[DomainEventName];

export class EventBus {
  private readonly emitter = new EventEmitter({ captureRejections: true });

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  on<K extends DomainEventName>(name: K, fn: (data: DomainEvents[K]) => void): () => void {
    this.emitter.on(name, fn);
    return () => this.emitter.off(name, fn);
  }

  publish(events: readonly DomainEvent[]): void {
    for (const e of events) this.emitter.emit(e.name, e.data);
  }
}
