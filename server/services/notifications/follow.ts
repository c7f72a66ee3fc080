import { and, asc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { ticketFollowers, users } from '../../db/schema/index.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { loadVisibleTicket } from '../tickets/visibility.ts';
import { ownerOf } from './list-notifications.ts';

/** Adds followers inside a change's transaction (a mention makes the mentioned follow); following twice is once. */
export async function addFollowers(tx: Tx, ticketId: string, userIds: readonly string[]): Promise<void> {
  if (!userIds.length) return;
  await tx
    .insert(ticketFollowers)
    .values(userIds.map((userId) => ({ ticketId, userId })))
    .onConflictDoNothing();
}

export async function listFollowers(ctx: ServiceContext, actor: Actor, ticketId: string) {
  await loadVisibleTicket(ctx.db, actor, ticketId);
  const rows = await ctx.db
    .select({ id: users.id, name: users.name })
    .from(ticketFollowers)
    .innerJoin(users, eq(users.id, ticketFollowers.userId))
    .where(eq(ticketFollowers.ticketId, ticketId))
    .orderBy(asc(ticketFollowers.createdAt), asc(users.name));
  const userId = actor.type === 'user' ? actor.id : null;
  return { following: rows.some((r) => r.id === userId), followers: rows };
}

/** Follow (true) or unfollow (false) a ticket the actor may see: its new customer messages and status changes notify them. */
export async function setFollowing(ctx: ServiceContext, actor: Actor, ticketId: string, follow: boolean) {
  requireRole(actor, AGENT_ROLES, follow ? 'Following a ticket' : 'Unfollowing a ticket');
  const userId = ownerOf(actor);
  await ctx.db.transaction(async (tx) => {
    await loadVisibleTicket(tx, actor, ticketId);
    if (follow) await addFollowers(tx, ticketId, [userId]);
    else await tx.delete(ticketFollowers).where(and(eq(ticketFollowers.ticketId, ticketId), eq(ticketFollowers.userId, userId)));
  });
  return listFollowers(ctx, actor, ticketId);
}
