import { and, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { teamMembers } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import { MANAGER_ROLES, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { isUuid } from '../is-uuid.ts';

export async function removeTeamMember(
  ctx: ServiceContext,
  actor: Actor,
  teamId: string,
  userId: string,
  origin: RequestOrigin = {},
): Promise<void> {
  requireRole(actor, MANAGER_ROLES, 'Changing team members');
  if (!isUuid(teamId) || !isUuid(userId)) throw notFound('Team member');
  await ctx.db.transaction(async (tx) => {
    const removed = await tx
      .delete(teamMembers)
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
      .returning({ userId: teamMembers.userId });
    if (!removed.length) throw notFound('Team member');
    await recordAudit(tx, actor, { action: 'team.member_removed', targetType: 'team', targetId: teamId, data: { userId } }, origin);
  });
}
