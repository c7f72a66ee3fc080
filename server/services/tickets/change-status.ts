import type { TicketStatus } from '../../db/schema/index.ts';
import type { TicketMutation } from './mutate-ticket.ts';
import type { TicketEventKind } from './record-event.ts';
import { assertTransition } from './transitions.ts';

type Extra = Parameters<TicketMutation['update']>[0];

/** A status transition: checked against the lifecycle, written, and recorded as one history row. */
export async function changeStatus(
  m: TicketMutation,
  to: TicketStatus,
  opts: { action: string; kind?: TicketEventKind; set?: Extra; data?: Record<string, unknown> },
) {
  assertTransition(m.ticket, to);
  const from = m.ticket.status;
  // Leaving pending by any verb ends a snooze, so the scheduler never reopens a ticket someone already moved on.
  const unsnooze = to !== 'pending' && m.ticket.snoozedUntil ? { snoozedUntil: null } : {};
  await m.update({ status: to, ...unsnooze, ...opts.set }, 'status');
  await m.record({ kind: opts.kind ?? 'status_changed', from, to, data: { action: opts.action, ...opts.data } });
  return m.ticket;
}
