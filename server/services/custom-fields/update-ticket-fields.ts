import type { ServiceContext } from '../../context.ts';
import type { Actor } from '../actor.ts';
import { mutateTicket } from '../tickets/mutate-ticket.ts';
import type { SetFieldsOptions } from './check-values.ts';
import { planTicketFields } from './set-fields.ts';

/** PATCH /api/tickets/{id}/fields: the ticket must be visible to the actor; live tabs hear ticket.updated. */
export function updateTicketFields(ctx: ServiceContext, actor: Actor, ticketId: string, values: unknown, opts: SetFieldsOptions = {}) {
  return mutateTicket(ctx, actor, ticketId, 'Setting ticket fields', async (m) => {
    const { next, changes } = await planTicketFields(m.tx, actor, m.ticket, values, opts);
    if (changes.length) {
      await m.update({ customFields: next }, 'fields');
      await m.record({ kind: 'fields_changed', data: { changes } });
    }
    return { ticket: m.view(), changes };
  });
}
