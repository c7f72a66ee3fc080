import { and, eq, isNull } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { notifications } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { isUuid } from '../is-uuid.ts';
import { ownerOf } from './list-notifications.ts';

/** Marks one of the actor's notifications read; someone else's answers as not found. Marking it again changes nothing. */
export async function markRead(ctx: ServiceContext, actor: Actor, id: string): Promise<{ readAt: string }> {
  const userId = ownerOf(actor);
  if (!isUuid(id)) throw notFound('Notification');
  const [row] = await ctx.db
    .select({ readAt: notifications.readAt })
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
  if (!row) throw notFound('Notification');
  if (row.readAt) return { readAt: row.readAt.toISOString() };
  const now = ctx.now();
  await ctx.db.update(notifications).set({ readAt: now }).where(eq(notifications.id, id));
  ctx.events.publish([{ name: 'notification.read', data: { userId, ids: [id] } }]);
  return { readAt: now.toISOString() };
}

/** Marks all the actor's unread notifications read (optionally only one ticket's); returns how many changed. */
export async function markAllRead(ctx: ServiceContext, actor: Actor, opts: { ticketId?: string } = {}): Promise<{ marked: number }> {
  const userId = ownerOf(actor);
  const rows = await ctx.db
    .update(notifications)
    .set({ readAt: ctx.now() })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        opts.ticketId ? eq(notifications.ticketId, opts.ticketId) : undefined,
      ),
    )
    .returning({ id: notifications.id });
  if (rows.length) ctx.events.publish([{ name: 'notification.read', data: { userId, ids: rows.map((r) => r.id) } }]);
  return { marked: rows.length };
}
