/**
 * The service-process events that automation rules listen to and webhooks are subscribed to (issue 18).
 * Each comes from one ticket history row (record-event.ts): `processEventsOf` maps a row to its events.
 */
export const processEventNames = [
  'ticket.created',
  'message.customer',
  'message.agent',
  'note.added',
  'ticket.status_changed',
  'ticket.assigned',
  'ticket.priority_changed',
  'ticket.tag_added',
  'ticket.tag_removed',
  'ticket.field_changed',
  'csat.received',
  'sla.warning',
  'sla.breached',
] as const;
export type ProcessEventName = (typeof processEventNames)[number];

export interface HistoryRowLike {
  kind: string;
  from?: string | null;
  to?: string | null;
  data?: Record<string, unknown>;
}

export interface TicketEventRow extends HistoryRowLike {
  /** ticket_events.id: the event's identity for once-only rule firings and webhook deliveries. */
  id: number;
  ticketId: string;
  actorType: 'user' | 'customer' | 'system';
  actorId: string | null;
  at: Date;
}

const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The process events one history row stands for (none for rows no rule or webhook cares about). */
export function processEventsOf(row: HistoryRowLike): ProcessEventName[] {
  switch (row.kind) {
    case 'created':
      return ['ticket.created'];
    case 'message_received':
      return ['message.customer'];
    case 'replied':
      return ['message.agent'];
    case 'note_added':
      return ['note.added'];
    case 'status_changed':
    case 'reopened':
      return row.from === row.to ? [] : ['ticket.status_changed'];
    case 'assigned':
    case 'transferred':
      return ['ticket.assigned'];
    case 'priority_changed':
      return ['ticket.priority_changed'];
    case 'tagged': {
      const out: ProcessEventName[] = [];
      if (listOf(row.data?.added).length) out.push('ticket.tag_added');
      if (listOf(row.data?.removed).length) out.push('ticket.tag_removed');
      return out;
    }
    case 'fields_changed':
      return ['ticket.field_changed'];
    case 'csat_rated':
      return ['csat.received'];
    case 'sla_warning':
      return ['sla.warning'];
    case 'sla_breached':
      return ['sla.breached'];
    default:
      return [];
  }
}
