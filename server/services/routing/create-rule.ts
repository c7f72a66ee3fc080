import { count, gte, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { routingRules } from '../../db/schema/index.ts';
import { MANAGER_ROLES, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { parseInput } from '../parse-input.ts';
import { presentRule, type RuleView } from './present-rule.ts';
import { createRuleInput, type CreateRuleInput } from './rule-input.ts';
import { lockRules, requireRuleRefs } from './rule-refs.ts';

/** Adds a rule at `position` (rules from there move down one) or after the last rule. */
export async function createRule(ctx: ServiceContext, actor: Actor, raw: CreateRuleInput, origin: RequestOrigin = {}): Promise<RuleView> {
  requireRole(actor, MANAGER_ROLES, 'Creating routing rules');
  const input = parseInput(createRuleInput, raw, 'routing rule');
  return ctx.db.transaction(async (tx) => {
    await lockRules(tx);
    await requireRuleRefs(tx, input.conditions, input.actions);
    const [{ n }] = (await tx.select({ n: count() }).from(routingRules)) as [{ n: number }];
    const position = Math.min(input.position ?? n, n);
    await tx
      .update(routingRules)
      .set({ position: sql`${routingRules.position} + 1` })
      .where(gte(routingRules.position, position));
    const now = ctx.now();
    const [row] = await tx
      .insert(routingRules)
      .values({
        name: input.name,
        enabled: input.enabled,
        position,
        conditions: input.conditions,
        actions: input.actions,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(
      tx,
      actor,
      { action: 'routing_rule.created', targetType: 'routing_rule', targetId: row!.id, data: { name: input.name, position } },
      origin,
    );
    return presentRule(row!);
  });
}
