import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { ticketFollowers, tickets } from '../../db/schema/index.ts';
import { notify } from './notify.ts';
import { whoMaySee } from './who-may-see.ts';

interface HistoryRow {
  ticketId: string;
  kind: string;
  from?: string | null;
  to?: string | null;
  data?: Record<string, unknown>;
}

/**
 * Called for every history row (record-event.ts): a new customer message or a status change tells the ticket's
 * followers, except whoever made the change. Automatic mail (auto-replies, bounces) and spam tell no one.
 */
export async function notifyFollowers(tx: Tx, actorUserId: string | null, e: HistoryRow, now?: Date): Promise<void> {
  const message = e.kind === 'message_received' && !e.data?.automated;
  const status = e.kind === 'status_changed' || e.kind === 'reopened';
  if (!message && !status) return;
  // A blocked customer's ticket (spam) tells no one.
  const [ticket] = await tx.select({ spam: tickets.spam }).from(tickets).where(eq(tickets.id, e.ticketId));
  if (ticket?.spam) return;
  const rows = await tx.select({ userId: ticketFollowers.userId }).from(ticketFollowers).where(eq(ticketFollowers.ticketId, e.ticketId));
  const userIds = rows.map((r) => r.userId).filter((id) => id !== actorUserId);
  if (!userIds.length) return;
  await notify(tx, {
    userIds: await whoMaySee(tx, e.ticketId, userIds),
    kind: 'follow',
    ticketId: e.ticketId,
    actorUserId,
    messageId: message && typeof e.data?.messageId === 'string' ? e.data.messageId : null,
    data: message ? { event: 'message' } : { event: 'status', from: e.from ?? null, to: e.to ?? null },
    now,
  });
}
