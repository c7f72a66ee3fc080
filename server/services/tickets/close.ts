import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { Actor } from '../actor.ts';
import { requireFieldsToResolve } from '../custom-fields/required-to-resolve.ts';
import { parseInput } from '../parse-input.ts';
import { changeStatus } from './change-status.ts';
import { mutateTicket } from './mutate-ticket.ts';
import { presentTicket } from './present.ts';

export const closeInput = z.strictObject({ reason: z.string().trim().max(500).optional() });

/**
 * Closes a ticket for good: no reopen; the customer's next message opens a new ticket (ingest does that). Like
 * resolving, refused while a field required to resolve is empty.
 */
export async function close(ctx: ServiceContext, actor: Actor, ticketId: string, raw: z.input<typeof closeInput> = {}) {
  const input = parseInput(closeInput, raw);
  return mutateTicket(ctx, actor, ticketId, 'Closing a ticket', async (m) => {
    await requireFieldsToResolve(m.tx, m.ticket, 'close');
    return presentTicket(
      await changeStatus(m, 'closed', {
        action: 'close',
        set: { closedAt: m.now, ...(m.ticket.resolvedAt ? {} : { resolvedAt: m.now }) },
        data: input.reason ? { reason: input.reason } : {},
      }),
    );
  });
}
