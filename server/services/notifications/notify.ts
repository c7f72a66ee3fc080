import type { Tx } from '../../db/client.ts';
import { notifications, type NotificationKind } from '../../db/schema/index.ts';

export interface NotifyInput {
  /** Who is told; the actor is never notified of their own action, duplicates are told once. */
  userIds: readonly string[];
  kind: NotificationKind;
  ticketId?: string | null;
  actorUserId?: string | null;
  messageId?: string | null;
  data?: Record<string, unknown>;
}

/**
 * Writes one notification per recipient inside the caller's transaction, so a notification exists exactly when the
 * change it tells of committed. Delivery (live push on /agents, web push, email) happens after commit.
 */
export async function notify(tx: Tx, input: NotifyInput): Promise<string[]> {
  const userIds = [...new Set(input.userIds)].filter((id) => id !== input.actorUserId);
  if (userIds.length === 0) return [];
  const rows = await tx
    .insert(notifications)
    .values(
      userIds.map((userId) => ({
        userId,
        kind: input.kind,
        ticketId: input.ticketId ?? null,
        actorUserId: input.actorUserId ?? null,
        messageId: input.messageId ?? null,
        data: input.data ?? {},
      })),
    )
    .returning({ id: notifications.id });
  return rows.map((r) => r.id);
}
