import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { actorUserId, type Actor } from '../actor.ts';
import { notify } from '../notifications/notify.ts';
import { parseInput } from '../parse-input.ts';
import { requireAssignee } from './assignable.ts';
import { mutateTicket } from './mutate-ticket.ts';
import { presentTicket } from './present.ts';
import { assertNotClosed } from './transitions.ts';

/** `assigneeId: null` unassigns, returning the ticket to its queue. */
export const assignInput = z.strictObject({ assigneeId: z.uuid().nullable() });

export async function assign(ctx: ServiceContext, actor: Actor, ticketId: string, raw: z.input<typeof assignInput>) {
  const input = parseInput(assignInput, raw);
  return mutateTicket(ctx, actor, ticketId, 'Assigning a ticket', async (m) => {
    assertNotClosed(m.ticket, 'assign it');
    const from = m.ticket.assigneeId;
    if (from === input.assigneeId) return presentTicket(m.ticket);
    const user = input.assigneeId ? await requireAssignee(m.tx, input.assigneeId) : null;
    await m.update({ assigneeId: input.assigneeId }, 'assignee');
    await m.record({ kind: 'assigned', from, to: input.assigneeId, data: user ? { assigneeName: user.name } : {} });
    if (user)
      await notify(m.tx, { userIds: [user.id], kind: 'assignment', ticketId: m.ticket.id, actorUserId: actorUserId(actor), now: m.now });
    return presentTicket(m.ticket);
  });
}
