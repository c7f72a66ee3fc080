import { api, type ApiBody, type ApiBodyRequired, type Schema } from './api.ts';
import { errorText } from './errors.ts';
import { noteOwnAction } from './own-actions.ts';
import { inbox } from './stores/inbox.svelte.ts';
import { openTicket } from './stores/ticket.svelte.ts';
import { toasts } from './stores/toasts.svelte.ts';

type Action = 'assign' | 'transfer' | 'priority' | 'hold' | 'escalate' | 'resolve' | 'close' | 'reopen' | 'tags';
type Body<A extends Action> = ApiBody<'post', `/tickets/{id}/${A}`>;
/** The body is required where the action's route requires one (assign names the assignee...). */
type BodyArg<A extends Action> = ApiBodyRequired<'post', `/tickets/{id}/${A}`> extends true ? [body: Body<A>] : [body?: Body<A>];
type Send = { [A in Action]: (path: { id: string }, ...body: BodyArg<A>) => Promise<{ ticket: Schema<'Ticket'> }> };

// One line per route so each body is checked against its own schema (a path built from `action` would lose that).
const send: Send = {
  assign: (path, body) => api.post('/tickets/{id}/assign', { path, body }),
  transfer: (path, body) => api.post('/tickets/{id}/transfer', { path, body }),
  priority: (path, body) => api.post('/tickets/{id}/priority', { path, body }),
  hold: (path, body) => api.post('/tickets/{id}/hold', { path, body }),
  escalate: (path, body) => api.post('/tickets/{id}/escalate', { path, body }),
  resolve: (path, body) => api.post('/tickets/{id}/resolve', { path, body }),
  close: (path, body) => api.post('/tickets/{id}/close', { path, body }),
  reopen: (path, body) => api.post('/tickets/{id}/reopen', { path, body }),
  tags: (path, body) => api.post('/tickets/{id}/tags', { path, body }),
};

/** POST /api/tickets/:id/<action>; the ticket on screen and the list update at once, errors become a toast. */
export async function ticketAction<A extends Action>(ticketId: string, action: A, ...body: BodyArg<A>): Promise<boolean> {
  noteOwnAction(ticketId);
  try {
    const res = await send[action]({ id: ticketId }, ...body);
    openTicket.setTicket(res.ticket);
    void inbox.apply(res.ticket);
    openTicket.refetchSoon();
    return true;
  } catch (err) {
    toasts.show(errorText(err), { kind: 'error' });
    return false;
  }
}
