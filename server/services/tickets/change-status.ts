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
  await m.update({ status: to, ...opts.set }, 'status');
  await m.record({ kind: opts.kind ?? 'status_changed', from, to, data: { action: opts.action, ...opts.data } });
  return m.ticket;
}
