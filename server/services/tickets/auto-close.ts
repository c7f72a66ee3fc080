import { and, asc, eq, lte } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { tickets } from '../../db/schema/index.ts';
import { systemActor } from '../actor.ts';
import { getTicketSettings } from '../settings/ticket-settings.ts';
import { changeStatus } from './change-status.ts';
import { mutateTicket } from './mutate-ticket.ts';

const autoCloseActor = systemActor('auto-close');
const DAY_MS = 86_400_000;

/**
 * Closes tickets resolved at least `tickets.autoCloseDays` days ago (0: never), as the system, one per transaction.
 * Each is re-checked under its row lock, so a ticket the customer reopened meanwhile stays open.
 */
export async function autoCloseResolved(ctx: ServiceContext, opts: { limit?: number } = {}): Promise<{ closed: number; failed: number }> {
  const result = { closed: 0, failed: 0 };
  const { autoCloseDays } = await getTicketSettings(ctx.db);
  if (autoCloseDays === 0) return result;
  const cutoff = new Date(ctx.now().getTime() - autoCloseDays * DAY_MS);
  const due = await ctx.db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.status, 'resolved'), lte(tickets.resolvedAt, cutoff)))
    .orderBy(asc(tickets.resolvedAt))
    .limit(opts.limit ?? 200);
  for (const { id } of due) {
    try {
      const closed = await mutateTicket(ctx, autoCloseActor, id, 'Closing a resolved ticket', async (m) => {
        if (m.ticket.status !== 'resolved' || !m.ticket.resolvedAt || m.ticket.resolvedAt > cutoff) return false;
        await changeStatus(m, 'closed', { action: 'auto_close', set: { closedAt: m.now }, data: { afterDays: autoCloseDays } });
        return true;
      });
      if (closed) result.closed++;
    } catch (err) {
      result.failed++;
      ctx.log.error({ err, ticketId: id }, 'auto-close failed; it is retried on the next tick');
    }
  }
  return result;
}
