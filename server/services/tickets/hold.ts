import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { changeStatus } from './change-status.ts';
import { mutateTicket } from './mutate-ticket.ts';
import { presentTicket } from './present.ts';

export const holdInput = z.strictObject({ reason: z.string().trim().max(500).optional() });

/** Puts a ticket on hold (pending): the team waits on the customer; their next message reopens it. */
export async function hold(ctx: ServiceContext, actor: Actor, ticketId: string, raw: z.input<typeof holdInput> = {}) {
  const input = parseInput(holdInput, raw);
  return mutateTicket(ctx, actor, ticketId, 'Putting a ticket on hold', async (m) =>
    presentTicket(await changeStatus(m, 'pending', { action: 'hold', data: input.reason ? { reason: input.reason } : {} })),
  );
}
