import { count, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { notifications } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { loadNotifications, unreadOf, type NotificationView } from './present.ts';

export const listNotificationsInput = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  /** The id of the previous page's last notification. */
  before: z.uuid('must be a notification id').optional(),
  unread: z.enum(['true', 'false']).optional(),
});

/** The person behind the actor: notifications belong to users, never to the system. */
export function ownerOf(actor: Actor): string {
  if (actor.type !== 'user') throw notFound('User');
  return actor.id;
}

/** The actor's own notifications, newest first, a page at a time; with the unread count for the bell. */
export async function listNotifications(ctx: ServiceContext, actor: Actor, raw: z.input<typeof listNotificationsInput>) {
  const input = parseInput(listNotificationsInput, raw);
  const userId = ownerOf(actor);
  const where = input.unread === 'true' ? unreadOf(userId) : eq(notifications.userId, userId);
  const items: NotificationView[] = await loadNotifications(ctx.db, where, { limit: input.limit + 1, before: input.before });
  const more = items.length > input.limit;
  const page = more ? items.slice(0, input.limit) : items;
  return { items: page, nextBefore: more ? page.at(-1)!.id : null, unread: await countUnread(ctx, actor) };
}

export async function countUnread(ctx: ServiceContext, actor: Actor): Promise<number> {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(notifications)
    .where(unreadOf(ownerOf(actor)));
  return row?.n ?? 0;
}
