import { and, asc, count, eq, inArray, min } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { teamMembers, teams, ticketRouting, tickets, users, type Presence } from '../../db/schema/index.ts';
import { agentLoads } from './load.ts';
import { waitingIn } from './waiting.ts';

export interface QueueStats {
  teamId: string;
  teamName: string;
  autoAssign: boolean;
  waiting: number;
  oldestQueuedAt: string | null;
  /** How long the oldest waiting ticket has waited at `at`, in ms. */
  longestWaitMs: number;
  agents: Array<{ userId: string; name: string; presence: Presence; load: number; capacity: number }>;
  at: string;
}

/** A team's queue as supervisors and agents see it: who waits, for how long, and each member's load. */
export async function queueStats(db: DbOrTx, teamId: string, now: Date): Promise<QueueStats | null> {
  const [team] = await db.select().from(teams).where(eq(teams.id, teamId));
  if (!team) return null;
  const [q] = await db
    .select({ n: count(), oldest: min(ticketRouting.queuedAt) })
    .from(tickets)
    .innerJoin(ticketRouting, eq(ticketRouting.ticketId, tickets.id))
    .where(waitingIn(teamId));
  const members = await db
    .select({ userId: users.id, name: users.name, presence: users.presence, capacity: teamMembers.capacity })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(and(eq(teamMembers.teamId, teamId), eq(users.active, true)))
    .orderBy(asc(users.name));
  const loads = await agentLoads(
    db,
    members.map((m) => m.userId),
  );
  const oldest = q?.oldest ? new Date(q.oldest) : null;
  return {
    teamId,
    teamName: team.name,
    autoAssign: team.autoAssign,
    waiting: q?.n ?? 0,
    oldestQueuedAt: oldest?.toISOString() ?? null,
    longestWaitMs: oldest ? Math.max(0, now.getTime() - oldest.getTime()) : 0,
    agents: members.map((m) => ({ ...m, load: loads.get(m.userId)?.total ?? 0 })),
    at: now.toISOString(),
  };
}

export async function allQueueStats(db: DbOrTx, now: Date, teamIds?: readonly string[]): Promise<QueueStats[]> {
  const rows = await db
    .select({ id: teams.id })
    .from(teams)
    .where(teamIds ? inArray(teams.id, [...teamIds]) : undefined)
    .orderBy(asc(teams.name));
  const out: QueueStats[] = [];
  for (const r of rows) {
    const s = await queueStats(db, r.id, now);
    if (s) out.push(s);
  }
  return out;
}
