import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { priorities } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { mutateTicket } from './mutate-ticket.ts';
import { presentTicket } from './present.ts';
import { assertNotClosed } from './transitions.ts';

export const setPriorityInput = z.strictObject({ priority: z.enum(priorities) });

export async function setPriority(ctx: ServiceContext, actor: Actor, ticketId: string, raw: z.input<typeof setPriorityInput>) {
  const input = parseInput(setPriorityInput, raw);
  return mutateTicket(ctx, actor, ticketId, 'Changing priority', async (m) => {
    assertNotClosed(m.ticket, 'change its priority');
    const from = m.ticket.priority;
    if (from === input.priority) return presentTicket(m.ticket);
    await m.update({ priority: input.priority }, 'priority');
    await m.record({ kind: 'priority_changed', from, to: input.priority });
    return presentTicket(m.ticket);
  });
}
