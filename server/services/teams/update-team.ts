import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { teams } from '../../db/schema/index.ts';
import { invalid, notFound } from '../../errors.ts';
import { MANAGER_ROLES, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { isUuid } from '../is-uuid.ts';
import { parseInput } from '../parse-input.ts';
import { loadTeam } from './load-teams.ts';
import type { TeamView } from './present-team.ts';
import { teamPatchInput, type TeamPatchInput } from './team-input.ts';
import { requireEscalationTeam, requireFreeTeamName } from './team-rules.ts';

export async function updateTeam(
  ctx: ServiceContext,
  actor: Actor,
  teamId: string,
  raw: TeamPatchInput,
  origin: RequestOrigin = {},
): Promise<TeamView> {
  requireRole(actor, MANAGER_ROLES, 'Changing teams');
  if (!isUuid(teamId)) throw notFound('Team');
  const input = parseInput(teamPatchInput, raw, 'team');
  if (!Object.keys(input).length) throw invalid('Nothing to change: send name, autoAssign, assignOnReply or escalationTeamId');
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(teams).where(eq(teams.id, teamId)).for('update');
    if (!before) throw notFound('Team');
    if (input.name !== undefined) await requireFreeTeamName(tx, input.name, teamId);
    await requireEscalationTeam(tx, input.escalationTeamId, teamId);
    await tx
      .update(teams)
      .set({
        name: input.name,
        autoAssign: input.autoAssign,
        assignOnReply: input.assignOnReply,
        escalationTeamId: input.escalationTeamId,
        updatedAt: ctx.now(),
      })
      .where(eq(teams.id, teamId));
    const changes = Object.fromEntries(
      Object.entries(input).map(([k, v]) => [k, { from: before[k as keyof typeof input] ?? null, to: v ?? null }]),
    );
    await recordAudit(tx, actor, { action: 'team.updated', targetType: 'team', targetId: teamId, data: changes }, origin);
    return loadTeam(tx, teamId);
  });
}
