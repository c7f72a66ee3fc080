import type { TicketStatus, tickets } from '../../db/schema/index.ts';
import { conflict } from '../../errors.ts';

type TicketRow = typeof tickets.$inferSelect;

/** new -> open -> pending -> resolved -> closed; closed is final (a new customer message opens a new ticket). */
const allowed: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'pending', 'resolved', 'closed'],
  open: ['pending', 'resolved', 'closed'],
  pending: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};

export function assertTransition(t: TicketRow, to: TicketStatus): void {
  if (!allowed[t.status].includes(to)) {
    throw conflict(`Ticket #${t.number} cannot go from ${t.status} to ${to}`, { from: t.status, to });
  }
}

/** Changes other than status (assign, priority, reply...) are refused on a closed ticket. */
export function assertNotClosed(t: TicketRow, action: string): void {
  if (t.status === 'closed') {
    throw conflict(`Ticket #${t.number} is closed: cannot ${action}`, { from: 'closed', action });
  }
}
