import { and, asc, isNotNull, lte } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { tickets } from '../../db/schema/index.ts';
import { systemActor } from '../actor.ts';
import { notify } from '../notifications/notify.ts';
import { changeStatus } from './change-status.ts';
import { mutateTicket } from './mutate-ticket.ts';

const snoozeActor = systemActor('snooze');

/**
 * Reopens every ticket whose snooze time has come and tells its assignee. Each ticket is re-read under its row lock
 * and changed only if still snoozed and due, in one transaction with its history row and notification: with any
 * number of nodes and across restarts, a snooze ends exactly once (and not at all if someone moved the ticket first).
 */
export async function wakeSnoozed(ctx: ServiceContext, opts: { limit?: number } = {}): Promise<{ woken: number; failed: number }> {
  const due = await ctx.db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(isNotNull(tickets.snoozedUntil), lte(tickets.snoozedUntil, ctx.now())))
    .orderBy(asc(tickets.snoozedUntil))
    .limit(opts.limit ?? 200);
  const result = { woken: 0, failed: 0 };
  for (const { id } of due) {
    try {
      const woke = await mutateTicket(ctx, snoozeActor, id, 'Ending a snooze', async (m) => {
        const until = m.ticket.snoozedUntil;
        if (!until || until > m.now) return false;
        if (m.ticket.status !== 'pending') {
          await m.update({ snoozedUntil: null }, 'snooze');
          return false;
        }
        await changeStatus(m, 'open', { action: 'unsnooze', set: { snoozedUntil: null }, data: { until: until.toISOString() } });
        if (m.ticket.assigneeId) {
          await notify(m.tx, {
            userIds: [m.ticket.assigneeId],
            kind: 'snooze',
            ticketId: m.ticket.id,
            data: { number: m.ticket.number, subject: m.ticket.subject, snoozedUntil: until.toISOString() },
            now: m.now,
          });
        }
        return true;
      });
      if (woke) result.woken++;
    } catch (err) {
      result.failed++;
      ctx.log.error({ err, ticketId: id }, 'ending a snooze failed; it is retried on the next tick');
    }
  }
  return result;
}
