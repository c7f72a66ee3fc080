import { count } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { automationRules } from '../../db/schema/index.ts';
import { actorUserId, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { parseInput } from '../parse-input.ts';
import { presentRule, type RuleView } from './present-rule.ts';
import { lockRules, requireAutomationAdmin } from './rule-access.ts';
import { requireRuleRefs } from './rule-refs.ts';
import { ruleBodySchema } from './schema.ts';

/** Adds a rule after the last one (admin, audited). */
export async function createAutomationRule(
  ctx: ServiceContext,
  actor: Actor,
  raw: z.input<typeof ruleBodySchema>,
  origin: RequestOrigin = {},
): Promise<RuleView> {
  requireAutomationAdmin(actor, 'Creating automation rules');
  const input = parseInput(ruleBodySchema, raw, 'automation rule');
  return ctx.db.transaction(async (tx) => {
    await lockRules(tx);
    await requireRuleRefs(tx, input.conditions, input.actions);
    const [{ n }] = (await tx.select({ n: count() }).from(automationRules)) as [{ n: number }];
    const now = ctx.now();
    const [row] = await tx
      .insert(automationRules)
      .values({
        name: input.name,
        kind: input.kind,
        events: input.events,
        conditions: input.conditions,
        actions: input.actions,
        enabled: input.enabled,
        position: n,
        createdByUserId: actorUserId(actor),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(
      tx,
      actor,
      { action: 'automation_rule.created', targetType: 'automation_rule', targetId: row!.id, data: { name: input.name, kind: input.kind } },
      origin,
    );
    return presentRule(row!);
  });
}
