import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { slaPolicies } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import { MANAGER_ROLES, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { isUuid } from '../is-uuid.ts';
import { resyncTickets, ticketsOfPolicyScope } from './resync.ts';

/** Tickets it covered fall back to the default policy (or lose their clocks when none is left). */
export async function deletePolicy(ctx: ServiceContext, actor: Actor, id: string, origin: RequestOrigin = {}): Promise<void> {
  requireRole(actor, MANAGER_ROLES, 'Deleting SLA policies');
  if (!isUuid(id)) throw notFound('SLA policy');
  const row = await ctx.db.transaction(async (tx) => {
    const [deleted] = await tx.delete(slaPolicies).where(eq(slaPolicies.id, id)).returning();
    if (!deleted) throw notFound('SLA policy');
    await recordAudit(
      tx,
      actor,
      { action: 'sla_policy.deleted', targetType: 'sla_policy', targetId: id, data: { name: deleted.name } },
      origin,
    );
    return deleted;
  });
  await resyncTickets(ctx, ticketsOfPolicyScope(row.teamId));
}
