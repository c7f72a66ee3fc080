import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { agentRouting, teamMembers, users } from '../../db/schema/index.ts';
import { agentLoads } from './load.ts';
import { advisoryXactLocks } from './lock.ts';
import type { Candidate } from './pick-agent.ts';

export const agentLockKey = (userId: string) => `routing:agent:${userId}`;

/**
 * The team's online members with their current load, each agent's routing lock held: an agent in several
 * teams is never filled past capacity by two teams' drains at once.
 */
export async function lockedCandidates(tx: Tx, teamId: string): Promise<Candidate[]> {
  const members = await tx
    .select({
      userId: teamMembers.userId,
      skills: teamMembers.skills,
      capacity: teamMembers.capacity,
      capacityByChannel: teamMembers.capacityByChannel,
      onlineSince: users.presenceChangedAt,
    })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(and(eq(teamMembers.teamId, teamId), eq(users.presence, 'online'), eq(users.active, true)))
    .orderBy(asc(teamMembers.userId));
  if (!members.length) return [];
  const ids = members.map((m) => m.userId);
  await advisoryXactLocks(tx, ids.map(agentLockKey));
  const loads = await agentLoads(tx, ids);
  const last = await tx.select().from(agentRouting).where(inArray(agentRouting.userId, ids));
  const lastAt = new Map(last.map((r) => [r.userId, r.lastAssignedAt.getTime()]));
  return members.map((m) => ({
    userId: m.userId,
    skills: m.skills,
    capacity: m.capacity,
    capacityByChannel: m.capacityByChannel,
    load: loads.get(m.userId)!,
    idleSince: Math.max(lastAt.get(m.userId) ?? 0, m.onlineSince.getTime()),
  }));
}
