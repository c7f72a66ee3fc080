import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { automationRules } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { loadRuleRow, lockRules, requireAutomationAdmin } from './rule-access.ts';

/** Deletes a rule and its firing records (admin, audited); history rows on tickets keep its name. */
export async function deleteAutomationRule(ctx: ServiceContext, actor: Actor, id: string, origin: RequestOrigin = {}): Promise<void> {
  requireAutomationAdmin(actor, 'Deleting automation rules');
  await ctx.db.transaction(async (tx) => {
    await lockRules(tx);
    const row = await loadRuleRow(tx, id);
    await tx.delete(automationRules).where(eq(automationRules.id, id));
    await recordAudit(
      tx,
      actor,
      { action: 'automation_rule.deleted', targetType: 'automation_rule', targetId: id, data: { name: row.name } },
      origin,
    );
  });
}
