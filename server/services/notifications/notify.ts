import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { notifications, pushSubscriptions, users, type NotificationKind } from '../../db/schema/index.ts';
import { enqueue } from '../outbox/enqueue.ts';

export interface NotifyInput {
  /** Who is told; the actor is never notified of their own action, duplicates are told once. */
  userIds: readonly string[];
  kind: NotificationKind;
  ticketId?: string | null;
  actorUserId?: string | null;
  messageId?: string | null;
  data?: Record<string, unknown>;
  /** The change's clock (ctx.now()): delivery is due from then, also under a test's fake clock. */
  now?: Date;
}

/** Kinds that also reach a device with no console open (web push): the ones that ask for someone's attention. */
export const PUSHED_KINDS: ReadonlySet<NotificationKind> = new Set(['mention', 'assignment']);

/**
 * Writes one notification per recipient inside the caller's transaction, so a notification exists exactly when the
 * change it tells of committed. Its delivery is queued in the same transaction (outbox): the live push on /agents,
 * web push to each of the recipient's devices and, when they chose it for this kind, an email; none is lost by a crash.
 */
export async function notify(tx: Tx, input: NotifyInput): Promise<string[]> {
  const userIds = [...new Set(input.userIds)].filter((id) => id !== input.actorUserId);
  if (userIds.length === 0) return [];
  const recipients = await tx
    .select({ id: users.id, email: users.emailNotifications })
    .from(users)
    .where(and(inArray(users.id, userIds), eq(users.active, true)));
  if (recipients.length === 0) return [];
  const rows = await tx
    .insert(notifications)
    .values(
      recipients.map((r) => ({
        userId: r.id,
        kind: input.kind,
        ticketId: input.ticketId ?? null,
        actorUserId: input.actorUserId ?? null,
        messageId: input.messageId ?? null,
        data: input.data ?? {},
      })),
    )
    .returning({ id: notifications.id, userId: notifications.userId });
  const due = input.now ? { runAfter: input.now } : {};
  await enqueue(tx, 'notification.deliver', { notificationIds: rows.map((r) => r.id) }, due);
  const byUser = new Map(rows.map((r) => [r.userId, r.id]));
  for (const r of recipients) {
    if (r.email[input.kind] === true) await enqueue(tx, 'notification.email', { notificationId: byUser.get(r.id)! }, due);
  }
  if (PUSHED_KINDS.has(input.kind)) {
    const subs = await tx
      .select({ id: pushSubscriptions.id, userId: pushSubscriptions.userId })
      .from(pushSubscriptions)
      .where(inArray(pushSubscriptions.userId, [...byUser.keys()]));
    for (const s of subs) await enqueue(tx, 'notification.push', { notificationId: byUser.get(s.userId)!, subscriptionId: s.id }, due);
  }
  return rows.map((r) => r.id);
}
