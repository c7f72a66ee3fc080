import { eq, gt, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { routingRules } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import { MANAGER_ROLES, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { isUuid } from '../is-uuid.ts';
import { lockRules } from './rule-refs.ts';

export async function deleteRule(ctx: ServiceContext, actor: Actor, id: string, origin: RequestOrigin = {}): Promise<void> {
  requireRole(actor, MANAGER_ROLES, 'Deleting routing rules');
  if (!isUuid(id)) throw notFound('Routing rule');
  await ctx.db.transaction(async (tx) => {
    await lockRules(tx);
    const [row] = await tx.delete(routingRules).where(eq(routingRules.id, id)).returning();
    if (!row) throw notFound('Routing rule');
    await tx
      .update(routingRules)
      .set({ position: sql`${routingRules.position} - 1` })
      .where(gt(routingRules.position, row.position));
    await recordAudit(
      tx,
      actor,
      { action: 'routing_rule.deleted', targetType: 'routing_rule', targetId: id, data: { name: row.name } },
      origin,
    );
  });
}
