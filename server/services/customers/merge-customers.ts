import { and, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { csatResponses, customerIdentities, customers, messages, tickets, widgetVisitors } from '../../db/schema/index.ts';
import { ServiceError } from '../../errors.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { parseInput } from '../parse-input.ts';
import { presentTicket } from '../tickets/present.ts';
import { inTransaction } from '../transaction.ts';
import { addHoldings, countHoldings, mergedFields } from './merge-counts.ts';
import { mergePair } from './preview-merge.ts';
import { presentCustomer } from './present.ts';

export const mergeCustomersInput = z.strictObject({ into: z.string().max(100) });

/**
 * Merges a customer into another in one transaction: identities, tickets (each stays its own ticket), messages,
 * ratings and web-chat visitors move; tags and notes are joined. The merged row stays with `merged_into_id` so old
 * links resolve, and leaves lists and search. Counts are compared before and after: a mismatch undoes everything.
 * Agents may merge (as in Zendesk); every merge is in the audit log with what moved.
 */
export async function mergeCustomers(
  ctx: ServiceContext,
  actor: Actor,
  customerId: string,
  raw: z.input<typeof mergeCustomersInput>,
  origin: RequestOrigin = {},
) {
  requireRole(actor, AGENT_ROLES, 'Merging customers');
  const input = parseInput(mergeCustomersInput, raw);
  return inTransaction(ctx, async (tx, emit) => {
    const { from, into } = await mergePair(tx, customerId, input.into, { lock: true });
    // Ingest holds these while it finds a sender's customer: no message lands on the merged customer afterwards.
    const ids = await tx
      .select({ channel: customerIdentities.channel, externalId: customerIdentities.externalId })
      .from(customerIdentities)
      .where(eq(customerIdentities.customerId, from.id));
    const keys = ids.map((i) => `identity:${i.channel}:${i.externalId.toLowerCase()}`).sort();
    for (const k of keys) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${k}, 0))`);

    const moving = await countHoldings(tx, from.id);
    const before = addHoldings(moving, await countHoldings(tx, into.id));
    const now = ctx.now();
    await tx.update(customerIdentities).set({ customerId: into.id, updatedAt: now }).where(eq(customerIdentities.customerId, from.id));
    const moved = await tx.update(tickets).set({ customerId: into.id }).where(eq(tickets.customerId, from.id)).returning();
    await tx.update(messages).set({ customerId: into.id }).where(eq(messages.customerId, from.id));
    await tx.update(csatResponses).set({ customerId: into.id }).where(eq(csatResponses.customerId, from.id));
    await tx.update(widgetVisitors).set({ customerId: into.id, updatedAt: now }).where(eq(widgetVisitors.customerId, from.id));
    // Customers merged into this one earlier now point at the survivor directly.
    await tx
      .update(customers)
      .set({ mergedIntoId: into.id })
      .where(and(eq(customers.mergedIntoId, from.id), ne(customers.id, into.id)));
    const [survivor] = await tx
      .update(customers)
      .set({ ...mergedFields(into, from), updatedAt: now })
      .where(eq(customers.id, into.id))
      .returning();
    await tx.update(customers).set({ mergedIntoId: into.id, updatedAt: now }).where(eq(customers.id, from.id));

    const after = await countHoldings(tx, into.id);
    const lost = (Object.keys(before) as (keyof typeof before)[]).filter((k) => before[k] !== after[k]);
    if (lost.length) throw new ServiceError('INTERNAL', `Merge would change ${lost.join(', ')}; nothing was merged`);
    await recordAudit(
      tx,
      actor,
      {
        action: 'customer.merged',
        targetType: 'customer',
        targetId: into.id,
        data: { from: from.id, into: into.id, fromName: from.name, moved: moving, after },
      },
      origin,
    );
    for (const t of moved.filter((x) => x.status !== 'closed'))
      emit({ name: 'ticket.updated', data: { ticket: presentTicket(t), changes: ['customer'] } });
    return { customer: presentCustomer(survivor!), merged: presentCustomer({ ...from, mergedIntoId: into.id, updatedAt: now }), after };
  });
}
