import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { teamMembers } from '../db/schema/index.ts';
import { AGENT_ROLES, hasRole } from '../services/actor.ts';
import type { TicketView } from '../services/tickets/present.ts';
import { seesAll } from '../services/tickets/visibility.ts';
import { rooms, type AgentSocketData } from './types.ts';

/**
 * The rooms whose members may see a ticket: the same rule as visibleTicketsWhere() in the tickets service,
 * expressed as rooms (supervisors see all; agents their own, their teams', and team-less tickets).
 */
export function ticketAudience(t: Pick<TicketView, 'assigneeId' | 'teamId'>): string[] {
  const out: string[] = [rooms.supervisors];
  if (t.assigneeId) out.push(rooms.agent(t.assigneeId));
  out.push(t.teamId ? rooms.team(t.teamId) : rooms.agents);
  return out;
}

/** The rooms a freshly connected socket joins, from the user's roles and current team memberships. */
export async function roomsForUser(db: DbOrTx, data: AgentSocketData): Promise<string[]> {
  const out = [rooms.agent(data.actor.id)];
  if (seesAll(data.actor)) out.push(rooms.supervisors);
  if (hasRole(data.actor, AGENT_ROLES)) {
    out.push(rooms.agents);
    const teams = await db.select({ teamId: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, data.actor.id));
    for (const t of teams) out.push(rooms.team(t.teamId));
  }
  return out;
}
