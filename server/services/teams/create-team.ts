import type { ServiceContext } from '../../context.ts';
import { teams } from '../../db/schema/index.ts';
import { MANAGER_ROLES, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { parseInput } from '../parse-input.ts';
import { loadTeam } from './load-teams.ts';
import type { TeamView } from './present-team.ts';
import { teamInput, type TeamInput } from './team-input.ts';
import { requireEscalationTeam, requireFreeTeamName } from './team-rules.ts';

export async function createTeam(ctx: ServiceContext, actor: Actor, raw: TeamInput, origin: RequestOrigin = {}): Promise<TeamView> {
  requireRole(actor, MANAGER_ROLES, 'Creating teams');
  const input = parseInput(teamInput, raw, 'team');
  return ctx.db.transaction(async (tx) => {
    await requireFreeTeamName(tx, input.name);
    await requireEscalationTeam(tx, input.escalationTeamId);
    const [row] = await tx
      .insert(teams)
      .values({
        name: input.name,
        autoAssign: input.autoAssign,
        assignOnReply: input.assignOnReply,
        escalationTeamId: input.escalationTeamId ?? null,
      })
      .returning();
    await recordAudit(tx, actor, { action: 'team.created', targetType: 'team', targetId: row!.id, data: { name: input.name } }, origin);
    return loadTeam(tx, row!.id);
  });
}
