import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { conflict } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { changeStatus } from './change-status.ts';
import { mutateTicket } from './mutate-ticket.ts';
import { presentTicket } from './present.ts';

export const reopenInput = z.strictObject({ reason: z.string().trim().max(500).optional() });

/** Resolved (or on hold) -> open. A closed ticket stays closed. */
export async function reopen(ctx: ServiceContext, actor: Actor, ticketId: string, raw: z.input<typeof reopenInput> = {}) {
  const input = parseInput(reopenInput, raw);
  return mutateTicket(ctx, actor, ticketId, 'Reopening a ticket', async (m) => {
    const from = m.ticket.status;
    if (from !== 'resolved' && from !== 'pending') {
      throw conflict(`Ticket #${m.ticket.number} cannot go from ${from} to open by reopening`, { from, to: 'open' });
    }
    const t = await changeStatus(m, 'open', {
      action: 'reopen',
      kind: 'reopened',
      set: { resolvedAt: null },
      data: input.reason ? { reason: input.reason } : {},
    });
    return presentTicket(t);
  });
}
