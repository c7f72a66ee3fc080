import type { ServiceContext } from '../../context.ts';
import type { Actor } from '../actor.ts';
import { loadTeams } from './load-teams.ts';
import type { TeamView } from './present-team.ts';

/** Every signed-in user may see the teams and who is in them (transfers, mentions, dashboards). */
export async function listTeams(ctx: ServiceContext, _actor: Actor): Promise<TeamView[]> {
  return loadTeams(ctx.db);
}
