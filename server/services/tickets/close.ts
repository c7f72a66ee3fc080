import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { changeStatus } from './change-status.ts';
import { mutateTicket } from './mutate-ticket.ts';
import { presentTicket } from './present.ts';

export const closeInput = z.strictObject({ reason: z.string().trim().max(500).optional() });

/** Closes a ticket for good: no reopen; the customer's next message opens a new ticket (ingest does that). */
export async function close(ctx: ServiceContext, actor: Actor, ticketId: string, raw: z.input<typeof closeInput> = {}) {
  const input = parseInput(closeInput, raw);
  return mutateTicket(ctx, actor, ticketId, 'Closing a ticket', async (m) =>
    presentTicket(
      await changeStatus(m, 'closed', {
        action: 'close',
        set: { closedAt: m.now, ...(m.ticket.resolvedAt ? {} : { resolvedAt: m.now }) },
        data: input.reason ? { reason: input.reason } : {},
      }),
    ),
  );
}
