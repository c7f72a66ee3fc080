import { and, eq, ne } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { customers, tickets } from '../../db/schema/index.ts';
import { conflict, notFound } from '../../errors.ts';
import { actorUserId, AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { presentTicket } from '../tickets/present.ts';
import { isUuid } from '../tickets/visibility.ts';
import { inTransaction } from '../transaction.ts';
import { presentCustomer } from './present.ts';

/**
 * Blocks a customer: what they write is still stored, but on spam tickets that are not routed, have no SLA, notify
 * nobody, answer nothing automatically and show only in the Spam view. Their open tickets move there now. Audited.
 */
export async function blockCustomer(ctx: ServiceContext, actor: Actor, customerId: string, origin: RequestOrigin = {}) {
  requireRole(actor, AGENT_ROLES, 'Blocking customers');
  if (!isUuid(customerId)) throw notFound('Customer');
  return inTransaction(ctx, async (tx, emit) => {
    const [before] = await tx.select().from(customers).where(eq(customers.id, customerId)).for('update');
    if (!before) throw notFound('Customer');
    if (before.mergedIntoId)
      throw conflict('Customer: merged into another customer; block that one', { mergedIntoId: before.mergedIntoId });
    if (before.blockedAt) return presentCustomer(before);
    const now = ctx.now();
    const [after] = await tx
      .update(customers)
      .set({ blockedAt: now, blockedByUserId: actorUserId(actor), updatedAt: now })
      .where(eq(customers.id, customerId))
      .returning();
    const moved = await tx
      .update(tickets)
      .set({ spam: true, firstResponseDueAt: null, nextResponseDueAt: null, resolutionDueAt: null, updatedAt: now })
      .where(and(eq(tickets.customerId, customerId), ne(tickets.status, 'closed'), eq(tickets.spam, false)))
      .returning();
    await recordAudit(
      tx,
      actor,
      { action: 'customer.blocked', targetType: 'customer', targetId: customerId, data: { spamTickets: moved.map((t) => t.number) } },
      origin,
    );
    for (const t of moved) emit({ name: 'ticket.updated', data: { ticket: presentTicket(t), changes: ['spam'] } });
    return presentCustomer(after!);
  });
}
