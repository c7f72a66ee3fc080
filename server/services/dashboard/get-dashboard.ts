import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { users } from '../../db/schema/index.ts';
import { MANAGER_ROLES, requireRole, type Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { agentBoard, type AgentOnBoard } from './agents.ts';
import { waitingByTeam, type TeamQueue } from './queues.ts';
import { slaList, type SlaList } from './sla-lists.ts';
import { todayFigures, type TodayFigures } from './today.ts';

export const dashboardInput = z.strictObject({
  /** IANA zone "today" is taken in; defaults to the viewer's own profile zone. */
  tz: z.string().trim().min(1).max(64).optional(),
});
export type DashboardInput = z.input<typeof dashboardInput>;

export interface DashboardSnapshot {
  at: string;
  queues: TeamQueue[];
  agents: AgentOnBoard[];
  sla: { atRisk: SlaList; breached: SlaList };
  today: TodayFigures;
}

/**
 * The supervisor's live picture in one read: queues per team and channel, agents with presence, load and open
 * tickets, SLA at-risk and breached lists, and today's figures. Every number comes out of SQL.
 */
export async function getDashboard(ctx: ServiceContext, actor: Actor, raw: DashboardInput = {}): Promise<DashboardSnapshot> {
  requireRole(actor, MANAGER_ROLES, 'Viewing the supervisor dashboard');
  const input = parseInput(dashboardInput, raw, 'dashboard query');
  const now = ctx.now();
  const tz = input.tz ?? (await profileZone(ctx, actor));
  const queues = await waitingByTeam(ctx.db);
  const agents = await agentBoard(ctx.db);
  const atRisk = await slaList(ctx.db, 'at_risk', now);
  const breached = await slaList(ctx.db, 'breached', now);
  const today = await todayFigures(ctx, actor, tz);
  return { at: now.toISOString(), queues, agents, sla: { atRisk, breached }, today };
}

async function profileZone(ctx: ServiceContext, actor: Actor): Promise<string> {
  if (actor.type !== 'user') return 'UTC';
  const [me] = await ctx.db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, actor.id));
  return me?.timeZone ?? 'UTC';
}
