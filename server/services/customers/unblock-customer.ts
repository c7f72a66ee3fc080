import { and, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { customers, tickets } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { presentTicket } from '../tickets/present.ts';
import { isUuid } from '../tickets/visibility.ts';
import { inTransaction } from '../transaction.ts';
import { presentCustomer } from './present.ts';

/**
 * Unblocks a customer: their tickets leave Spam, and the open ones are routed (those opened while blocked for the
 * first time, the others back into their team's queue). Audited.
 */
export async function unblockCustomer(ctx: ServiceContext, actor: Actor, customerId: string, origin: RequestOrigin = {}) {
  requireRole(actor, AGENT_ROLES, 'Unblocking customers');
  if (!isUuid(customerId)) throw notFound('Customer');
  return inTransaction(ctx, async (tx, emit) => {
    const [before] = await tx.select().from(customers).where(eq(customers.id, customerId)).for('update');
    if (!before) throw notFound('Customer');
    if (!before.blockedAt) return presentCustomer(before);
    const now = ctx.now();
    const [after] = await tx
      .update(customers)
      .set({ blockedAt: null, blockedByUserId: null, updatedAt: now })
      .where(eq(customers.id, customerId))
      .returning();
    const released = await tx
      .update(tickets)
      .set({ spam: false, updatedAt: now })
      .where(and(eq(tickets.customerId, customerId), eq(tickets.spam, true)))
      .returning();
    const live = released.filter((t) => t.status !== 'closed');
    // A ticket routed before the block keeps its routing job's key: only never-routed ones get a job.
    for (const t of live) await enqueue(tx, 'ticket.route', { ticketId: t.id }, { dedupeKey: `route:${t.id}`, runAfter: now });
    await recordAudit(
      tx,
      actor,
      {
        action: 'customer.unblocked',
        targetType: 'customer',
        targetId: customerId,
        data: { releasedTickets: released.map((t) => t.number) },
      },
      origin,
    );
    for (const t of live) emit({ name: 'ticket.updated', data: { ticket: presentTicket(t), changes: ['spam', 'team'] } });
    return presentCustomer(after!);
  });
}
