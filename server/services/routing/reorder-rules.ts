import { asc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { routingRules } from '../../db/schema/index.ts';
import { invalid } from '../../errors.ts';
import { MANAGER_ROLES, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { parseInput } from '../parse-input.ts';
import { presentRule, type RuleView } from './present-rule.ts';
import { reorderRulesInput } from './rule-input.ts';
import { lockRules } from './rule-refs.ts';

/** Sets the whole order at once; the list must name every rule exactly once, so no concurrent edit is lost. */
export async function reorderRules(
  ctx: ServiceContext,
  actor: Actor,
  raw: { ids: string[] },
  origin: RequestOrigin = {},
): Promise<RuleView[]> {
  requireRole(actor, MANAGER_ROLES, 'Reordering routing rules');
  const { ids } = parseInput(reorderRulesInput, raw, 'rule order');
  return ctx.db.transaction(async (tx) => {
    await lockRules(tx);
    const existing = await tx.select({ id: routingRules.id }).from(routingRules);
    const known = new Set(existing.map((r) => r.id));
    if (new Set(ids).size !== ids.length || ids.length !== known.size || ids.some((id) => !known.has(id))) {
      throw invalid(`ids: list every one of the ${known.size} rules exactly once`, [
        { path: 'ids', message: 'must be a permutation of all rule ids' },
      ]);
    }
    const now = ctx.now();
    for (const [position, id] of ids.entries()) {
      await tx.update(routingRules).set({ position, updatedAt: now }).where(eq(routingRules.id, id));
    }
    await recordAudit(tx, actor, { action: 'routing_rule.reordered', targetType: 'routing_rule', targetId: 'all', data: { ids } }, origin);
    return (await tx.select().from(routingRules).orderBy(asc(routingRules.position))).map(presentRule);
  });
}
