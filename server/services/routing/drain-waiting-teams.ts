import { and, eq, inArray, isNull, isNotNull } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { teamMembers, teams, ticketRouting, tickets } from '../../db/schema/index.ts';
import { drainTeam, type DrainResult } from './drain-team.ts';
import { LOAD_STATUSES } from './load.ts';

/** Every auto-assigning team with someone waiting. */
export async function teamsWithWaiting(ctx: ServiceContext): Promise<string[]> {
  const rows = await ctx.db
    .selectDistinct({ teamId: tickets.teamId })
    .from(tickets)
    .innerJoin(ticketRouting, eq(ticketRouting.ticketId, tickets.id))
    .innerJoin(teams, eq(teams.id, tickets.teamId))
    .where(and(isNotNull(tickets.teamId), isNull(tickets.assigneeId), inArray(tickets.status, LOAD_STATUSES), eq(teams.autoAssign, true)));
  return rows.map((r) => r.teamId!);
}

export async function drainWaitingTeams(ctx: ServiceContext): Promise<DrainResult[]> {
  const out: DrainResult[] = [];
  for (const teamId of await teamsWithWaiting(ctx)) out.push(await drainTeam(ctx, teamId));
  return out;
}

/** Every team the agent belongs to: their seats changed, and each team's stats show their presence and load. */
export async function drainTeamsOf(ctx: ServiceContext, userId: string): Promise<DrainResult[]> {
  const rows = await ctx.db.select({ teamId: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, userId));
  const out: DrainResult[] = [];
  for (const r of rows) out.push(await drainTeam(ctx, r.teamId));
  return out;
}
