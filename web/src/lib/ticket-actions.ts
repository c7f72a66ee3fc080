import { api } from './api.ts';
import { errorText } from './errors.ts';
import { noteOwnAction } from './own-actions.ts';
import { inbox } from './stores/inbox.svelte.ts';
import { openTicket } from './stores/ticket.svelte.ts';
import { toasts } from './stores/toasts.svelte.ts';
import type { TicketView } from './types.ts';

/** POST /api/tickets/:id/<action>; the ticket on screen and the list update at once, errors become a toast. */
export async function ticketAction(ticketId: string, action: string, body: Record<string, unknown> = {}): Promise<boolean> {
  noteOwnAction(ticketId);
  try {
    const res = await api.post<{ ticket: TicketView }>(`/tickets/${ticketId}/${action}`, body);
    openTicket.setTicket(res.ticket);
    void inbox.apply(res.ticket);
    openTicket.refetchSoon();
    return true;
  } catch (err) {
    toasts.show(errorText(err), { kind: 'error' });
    return false;
  }
}
