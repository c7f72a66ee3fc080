import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { notifications, users } from '../../db/schema/index.ts';
import { PermanentJobError } from '../outbox/handlers.ts';
import { loadNotifications } from './present.ts';

/** A notification and its recipient, for a delivery job; gone (the ticket or user was deleted) fails the job for good. */
export async function loadForDelivery(ctx: ServiceContext, notificationId: string) {
  const [row] = await ctx.db
    .select({ n: notifications, user: users })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(eq(notifications.id, notificationId));
  if (!row) throw new PermanentJobError(`Notification ${notificationId} no longer exists`);
  const [view] = await loadNotifications(ctx.db, eq(notifications.id, notificationId), { limit: 1 });
  return { row: row.n, user: row.user, view: view! };
}

/** The console's address of the ticket, when the installation knows its public URL. */
export const ticketLink = (ctx: ServiceContext, ticketId: string | null) =>
  ctx.config.PUBLIC_URL && ticketId ? new URL(`/inbox/${ticketId}`, ctx.config.PUBLIC_URL).toString() : null;
