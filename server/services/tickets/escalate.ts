import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { requireTeam } from './assignable.ts';
import { mutateTicket } from './mutate-ticket.ts';
import { presentTicket } from './present.ts';
import { assertNotClosed } from './transitions.ts';

export const escalateInput = z.strictObject({ reason: z.string().trim().min(1, 'a reason is required').max(1000) });

/**
 * Escalation is a level with a reason, not a status. When the ticket's team names an escalation team,
 * the ticket moves there (the assignee stays, so the escalating agent keeps sight of it).
 */
export async function escalate(ctx: ServiceContext, actor: Actor, ticketId: string, raw: z.input<typeof escalateInput>) {
  const input = parseInput(escalateInput, raw);
  return mutateTicket(ctx, actor, ticketId, 'Escalating a ticket', async (m) => {
    assertNotClosed(m.ticket, 'escalate it');
    const from = m.ticket.escalationLevel;
    const team = m.ticket.teamId ? await requireTeam(m.tx, m.ticket.teamId) : null;
    const toTeam = team?.escalationTeamId ?? null;
    await m.update({ escalationLevel: from + 1, escalationReason: input.reason, ...(toTeam ? { teamId: toTeam } : {}) }, 'escalation');
    await m.record({
      kind: 'escalated',
      from: String(from),
      to: String(from + 1),
      data: { reason: input.reason, ...(toTeam ? { fromTeamId: team!.id, toTeamId: toTeam } : {}) },
    });
    return presentTicket(m.ticket);
  });
}
