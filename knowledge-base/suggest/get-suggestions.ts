import type { ServiceContext } from '../../server/context.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../../server/services/actor.ts';
import { loadVisibleTicket } from '../../server/services/tickets/visibility.ts';
import { suggestForTicket } from './suggest-for-ticket.ts';

/** The side panel on opening a ticket: current suggestions, not recorded again. */
export async function getTicketSuggestions(ctx: ServiceContext, actor: Actor, ticketId: string) {
  requireRole(actor, AGENT_ROLES, 'Seeing suggested articles');
  await loadVisibleTicket(ctx.db, actor, ticketId);
  return suggestForTicket(ctx, ticketId);
}
