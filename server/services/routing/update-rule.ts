import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { routingRules } from '../../db/schema/index.ts';
import { invalid, notFound } from '../../errors.ts';
import { MANAGER_ROLES, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { isUuid } from '../is-uuid.ts';
import { parseInput } from '../parse-input.ts';
import { presentRule, type RuleView } from './present-rule.ts';
import { updateRuleInput, type UpdateRuleInput } from './rule-input.ts';
import { lockRules, requireRuleRefs } from './rule-refs.ts';

/** Changes a rule's name, switch, conditions or actions; its place in the order changes only by reordering. */
export async function updateRule(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  raw: UpdateRuleInput,
  origin: RequestOrigin = {},
): Promise<RuleView> {
  requireRole(actor, MANAGER_ROLES, 'Changing routing rules');
  if (!isUuid(id)) throw notFound('Routing rule');
  const input = parseInput(updateRuleInput, raw, 'routing rule');
  if (!Object.keys(input).length) throw invalid('Nothing to change: send name, enabled, conditions or actions');
  return ctx.db.transaction(async (tx) => {
    await lockRules(tx);
    await requireRuleRefs(tx, input.conditions, input.actions);
    const [row] = await tx
      .update(routingRules)
      .set({ ...input, updatedAt: ctx.now() })
      .where(eq(routingRules.id, id))
      .returning();
    if (!row) throw notFound('Routing rule');
    await recordAudit(
      tx,
      actor,
      { action: 'routing_rule.updated', targetType: 'routing_rule', targetId: id, data: { fields: Object.keys(input) } },
      origin,
    );
    return presentRule(row);
  });
}
