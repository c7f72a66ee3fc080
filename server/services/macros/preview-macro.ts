import type { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { ServiceError, type ServiceErrorCode } from '../../errors.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { loadVisibleTicket } from '../tickets/visibility.ts';
import { loadUsableMacro } from './access.ts';
import { storedActions } from './actions.ts';
import { cannedBodies, describeChanges, type MacroChange } from './describe-changes.ts';
import { macroTicketsInput } from './input.ts';
import { placeholderValues } from '../automation/placeholders.ts';

export type MacroPreview =
  | { ticketId: string; number: number; subject: string; result: 'ok'; changes: MacroChange[] }
  | { ticketId: string; result: 'refused'; error: { code: ServiceErrorCode; message: string } };

/**
 * What applying a macro would do to each ticket, doing nothing: replies with their placeholders filled, tags
 * added, status from and to. A ticket the actor may not see, or a closed one, is reported as it would be refused.
 */
export async function previewMacro(ctx: ServiceContext, actor: Actor, macroId: string, raw: z.input<typeof macroTicketsInput>) {
  requireRole(actor, AGENT_ROLES, 'Previewing macros');
  const input = parseInput(macroTicketsInput, raw);
  // One read-only transaction: every ticket is seen as of the same moment.
  return ctx.db.transaction(async (tx) => {
    const macro = await loadUsableMacro(tx, actor, macroId);
    const actions = storedActions(macro.actions);
    const canned = await cannedBodies(tx, actions);
    const tickets: MacroPreview[] = [];
    for (const ticketId of new Set(input.ticketIds)) {
      try {
        const ticket = await loadVisibleTicket(tx, actor, ticketId);
        if (ticket.status === 'closed') throw new ServiceError('CONFLICT', `Ticket #${ticket.number} is closed: a macro cannot change it`);
        const changes = describeChanges(ticket, actions, await placeholderValues(tx, ticket, actor), canned);
        tickets.push({ ticketId, number: ticket.number, subject: ticket.subject, result: 'ok', changes });
      } catch (err) {
        if (!(err instanceof ServiceError) || err.code === 'INTERNAL' || err.code === 'UNAVAILABLE') throw err;
        tickets.push({ ticketId, result: 'refused', error: { code: err.code, message: err.message } });
      }
    }
    return { macro: { id: macro.id, name: macro.name }, tickets };
  });
}
