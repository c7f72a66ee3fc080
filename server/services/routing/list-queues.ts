import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { teamMembers } from '../../db/schema/index.ts';
import { forbidden, notFound } from '../../errors.ts';
import { AGENT_ROLES, hasRole, MANAGER_ROLES, requireRole, type Actor } from '../actor.ts';
import { isUuid } from '../is-uuid.ts';
import { allQueueStats, queueStats, type QueueStats } from './queue-stats.ts';
import { waitingTickets } from './waiting.ts';

async function visibleTeams(ctx: ServiceContext, actor: Actor): Promise<string[] | undefined> {
  if (hasRole(actor, MANAGER_ROLES)) return undefined;
  if (actor.type !== 'user') return [];
  const rows = await ctx.db.select({ teamId: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, actor.id));
  return rows.map((r) => r.teamId);
}

/** Supervisors see every team's queue; an agent sees the queues of their own teams (and their load in each). */
export async function listQueues(ctx: ServiceContext, actor: Actor): Promise<QueueStats[]> {
  requireRole(actor, AGENT_ROLES, 'Viewing queues');
  return allQueueStats(ctx.db, ctx.now(), await visibleTeams(ctx, actor));
}

/** One team's queue with its waiting tickets in the order they will be served. */
export async function getQueue(ctx: ServiceContext, actor: Actor, teamId: string, limit = 100) {
  requireRole(actor, AGENT_ROLES, 'Viewing queues');
  if (!isUuid(teamId)) throw notFound('Team');
  const allowed = await visibleTeams(ctx, actor);
  if (allowed && !allowed.includes(teamId)) throw forbidden('Only members of this team and supervisors can see its queue');
  const now = ctx.now();
  const stats = await queueStats(ctx.db, teamId, now);
  if (!stats) throw notFound('Team');
  const rows = await waitingTickets(ctx.db, teamId, Math.min(Math.max(limit, 1), 500));
  return {
    stats,
    waiting: rows.map((r) => ({
      ticketId: r.id,
      number: r.number,
      subject: r.subject,
      priority: r.priority,
      channel: r.channel,
      skills: r.skills,
      queuedAt: r.queuedAt.toISOString(),
      waitingMs: Math.max(0, now.getTime() - r.queuedAt.getTime()),
    })),
  };
}
