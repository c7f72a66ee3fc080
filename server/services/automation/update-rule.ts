import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { automationRules } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { invalidInput } from '../../invalid-input.ts';
import { parseInput } from '../parse-input.ts';
import { presentRule, type RuleView } from './present-rule.ts';
import { loadRuleRow, lockRules, requireAutomationAdmin } from './rule-access.ts';
import { requireRuleRefs } from './rule-refs.ts';
import { conditionGroupSchema, ruleBodySchema, ruleUpdateSchema } from './schema.ts';

/**
 * Changes a rule (admin, audited). Switching a rule on clears its failure count and the reason it was switched
 * off; the whole rule is checked again as if new (a time rule still needs its "hours since" condition).
 */
export async function updateAutomationRule(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  raw: z.input<typeof ruleUpdateSchema>,
  origin: RequestOrigin = {},
): Promise<RuleView> {
  requireAutomationAdmin(actor, 'Changing automation rules');
  const input = parseInput(ruleUpdateSchema, raw, 'automation rule');
  return ctx.db.transaction(async (tx) => {
    await lockRules(tx);
    const before = await loadRuleRow(tx, id);
    const merged = {
      name: input.name ?? before.name,
      kind: before.kind,
      events: input.events ?? before.events,
      conditions:
        input.conditions ??
        conditionGroupSchema.parse(Object.keys(before.conditions).length ? before.conditions : { match: 'all', conditions: [] }),
      actions: input.actions ?? before.actions,
      enabled: input.enabled ?? before.enabled,
    };
    const checked = ruleBodySchema.safeParse(merged);
    if (!checked.success) throw invalidInput('automation rule', checked.error);
    await requireRuleRefs(tx, input.conditions, input.actions);
    const switchedOn = input.enabled === true && !before.enabled;
    const [row] = await tx
      .update(automationRules)
      .set({
        name: merged.name,
        events: checked.data.events,
        conditions: checked.data.conditions,
        actions: checked.data.actions,
        enabled: merged.enabled,
        ...(switchedOn || input.enabled === true ? { failureCount: 0, disabledReason: null } : {}),
        updatedAt: ctx.now(),
      })
      .where(eq(automationRules.id, id))
      .returning();
    const action =
      input.enabled !== undefined && input.enabled !== before.enabled
        ? input.enabled
          ? 'automation_rule.enabled'
          : 'automation_rule.disabled'
        : 'automation_rule.updated';
    await recordAudit(
      tx,
      actor,
      { action, targetType: 'automation_rule', targetId: id, data: { name: row!.name, changed: Object.keys(input) } },
      origin,
    );
    return presentRule(row!);
  });
}
