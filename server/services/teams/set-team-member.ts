import { and, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { teamMembers, teams, users } from '../../db/schema/index.ts';
import { invalid, notFound } from '../../errors.ts';
import { AGENT_ROLES, MANAGER_ROLES, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { isUuid } from '../is-uuid.ts';
import { parseInput } from '../parse-input.ts';
import { loadTeam } from './load-teams.ts';
import type { TeamView } from './present-team.ts';
import { memberInput, type MemberInput } from './team-input.ts';

/** Adds a user to a team or changes their skills and capacity (PUT semantics: the result is what was sent). */
export async function setTeamMember(
  ctx: ServiceContext,
  actor: Actor,
  teamId: string,
  userId: string,
  raw: MemberInput,
  origin: RequestOrigin = {},
): Promise<TeamView> {
  requireRole(actor, MANAGER_ROLES, 'Changing team members');
  if (!isUuid(teamId)) throw notFound('Team');
  if (!isUuid(userId)) throw notFound('User');
  const input = parseInput(memberInput, raw, 'team member');
  return ctx.db.transaction(async (tx) => {
    const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
    if (!team) throw notFound('Team');
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user) throw notFound('User');
    if (!user.roles.some((r) => AGENT_ROLES.includes(r))) {
      throw invalid(`${user.name} cannot handle tickets: give them the agent role first`, [{ path: 'userId', message: 'not an agent' }]);
    }
    const [before] = await tx
      .select()
      .from(teamMembers)
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
    await tx
      .insert(teamMembers)
      .values({ teamId, userId, skills: input.skills, capacity: input.capacity, capacityByChannel: input.capacityByChannel })
      .onConflictDoUpdate({
        target: [teamMembers.teamId, teamMembers.userId],
        set: { skills: input.skills, capacity: input.capacity, capacityByChannel: input.capacityByChannel },
      });
    await recordAudit(
      tx,
      actor,
      {
        action: before ? 'team.member_updated' : 'team.member_added',
        targetType: 'team',
        targetId: teamId,
        data: { userId, skills: input.skills, capacity: input.capacity, capacityByChannel: input.capacityByChannel },
      },
      origin,
    );
    return loadTeam(tx, teamId);
  });
}
