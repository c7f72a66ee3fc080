import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { notifications } from '../../db/schema/index.ts';
import type { OutboxHandler } from '../outbox/handlers.ts';
import { loadNotifications } from './present.ts';

const payload = z.object({ notificationIds: z.array(z.uuid()).min(1).max(1000) });

/**
 * Announces committed notifications live: each recipient's consoles (room agent:<userId>, on every node through the
 * socket adapter) add it to the bell. A repeat after a crash is harmless: the console keys notifications by id.
 */
export const deliverNotificationsHandler = (ctx: ServiceContext): OutboxHandler<z.infer<typeof payload>> => ({
  schema: payload,
  async run(p) {
    const rows = await ctx.db
      .select({ id: notifications.id, userId: notifications.userId })
      .from(notifications)
      .where(inArray(notifications.id, p.notificationIds));
    const owner = new Map(rows.map((r) => [r.id, r.userId]));
    const views = await loadNotifications(ctx.db, inArray(notifications.id, p.notificationIds), { limit: p.notificationIds.length });
    ctx.events.publish(
      views.map((notification) => ({ name: 'notification.created' as const, data: { userId: owner.get(notification.id)!, notification } })),
    );
  },
});
