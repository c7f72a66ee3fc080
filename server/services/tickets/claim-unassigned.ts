import { eq } from 'drizzle-orm';
import { teams } from '../../db/schema/index.ts';
import type { TicketMutation } from './mutate-ticket.ts';

/**
 * Whoever replies to or resolves an unassigned ticket has taken it: it becomes theirs, so it shows in their
 * "Mine" and reports credit them with the resolution and its rating. Each team can turn this off
 * (`assignOnReply`); a ticket without a team has no switch and is always claimed.
 */
export async function claimUnassigned(m: TicketMutation, action: 'reply' | 'resolve'): Promise<void> {
  const { actor, ticket } = m;
  if (actor.type !== 'user' || ticket.assigneeId) return;
  if (ticket.teamId) {
    const [team] = await m.tx.select({ on: teams.assignOnReply }).from(teams).where(eq(teams.id, ticket.teamId));
    if (team && !team.on) return;
  }
  await m.update({ assigneeId: actor.id }, 'assignee');
  await m.record({ kind: 'assigned', from: null, to: actor.id, data: { assigneeName: actor.name, action } });
}
