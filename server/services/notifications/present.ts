import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.ts';
import { notifications, tickets, users } from '../../db/schema/index.ts';

const actors = alias(users, 'actor');

/** A notification with what the bell shows beside it: the ticket's number and subject, who did it. */
export interface NotificationView {
  id: string;
  kind: (typeof notifications.$inferSelect)['kind'];
  ticketId: string | null;
  ticketNumber: number | null;
  ticketSubject: string | null;
  actorName: string | null;
  messageId: string | null;
  data: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
}

type Row = { n: typeof notifications.$inferSelect; ticketNumber: number | null; ticketSubject: string | null; actorName: string | null };

export function presentNotification({ n, ticketNumber, ticketSubject, actorName }: Row): NotificationView {
  return {
    id: n.id,
    kind: n.kind,
    ticketId: n.ticketId,
    ticketNumber,
    ticketSubject,
    actorName,
    messageId: n.messageId,
    data: n.data,
    readAt: n.readAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
  };
}

/** Newest first; `before` is the id of the previous page's last row (its microsecond timestamp is compared in SQL). */
export async function loadNotifications(
  db: DbOrTx,
  where: SQL | undefined,
  opts: { limit: number; before?: string } = { limit: 50 },
): Promise<NotificationView[]> {
  const after = opts.before
    ? sql`(${notifications.createdAt}, ${notifications.id}) < (select b.created_at, b.id from notifications b where b.id = ${opts.before})`
    : undefined;
  const rows = await db
    .select({ n: notifications, ticketNumber: tickets.number, ticketSubject: tickets.subject, actorName: actors.name })
    .from(notifications)
    .leftJoin(tickets, eq(tickets.id, notifications.ticketId))
    .leftJoin(actors, eq(actors.id, notifications.actorUserId))
    .where(and(where, after))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(opts.limit);
  return rows.map(presentNotification);
}

export const unreadOf = (userId: string) => and(eq(notifications.userId, userId), sql`${notifications.readAt} is null`);
