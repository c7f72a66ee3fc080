import { priorities, ticketStatuses } from '../../db/schema/index.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { actionCatalog } from '../automation/catalog.ts';

/** The actions a macro may take and the values their pickers offer: what an agent's macro editor is built from. */
export function macroActionCatalog(actor: Actor) {
  requireRole(actor, AGENT_ROLES, 'Reading macro actions');
  return {
    actions: actionCatalog.filter((a) => a.macro),
    enums: { statuses: ticketStatuses.filter((s) => s !== 'new'), priorities: [...priorities] },
  };
}
