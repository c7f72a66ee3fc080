import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { teamMembers, teams, users } from '../../db/schema/index.ts';
import { invalid } from '../../errors.ts';
import { AGENT_ROLES } from '../actor.ts';

/** The user a ticket is given to: active, and able to work tickets (agent, supervisor or admin). */
export async function requireAssignee(tx: Tx, userId: string, field = 'assigneeId') {
  const [u] = await tx
    .select({ id: users.id, name: users.name, roles: users.roles, active: users.active })
    .from(users)
    .where(eq(users.id, userId));
  if (!u) throw invalid(`${field}: no user ${userId}`, [{ path: field, message: 'no such user' }]);
  if (!u.active) throw invalid(`${field}: ${u.name} is deactivated`, [{ path: field, message: 'user is deactivated' }]);
  if (!u.roles.some((r) => AGENT_ROLES.includes(r))) {
    throw invalid(`${field}: ${u.name} cannot work tickets (needs agent, supervisor or admin)`, [
      { path: field, message: 'user has no agent-capable role' },
    ]);
  }
  return u;
}

export async function requireTeam(tx: Tx, teamId: string, field = 'teamId') {
  const [t] = await tx
    .select({ id: teams.id, name: teams.name, escalationTeamId: teams.escalationTeamId })
    .from(teams)
    .where(eq(teams.id, teamId));
  if (!t) throw invalid(`${field}: no team ${teamId}`, [{ path: field, message: 'no such team' }]);
  return t;
}

export async function isTeamMember(tx: Tx, teamId: string, userId: string): Promise<boolean> {
  const [row] = await tx
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
  return !!row;
}
