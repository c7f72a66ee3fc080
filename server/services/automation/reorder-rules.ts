import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { automationRules } from '../../db/schema/index.ts';
import { invalid } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { parseInput } from '../parse-input.ts';
import { presentRule, type RuleView } from './present-rule.ts';
import { lockRules, requireAutomationAdmin } from './rule-access.ts';

export const reorderRulesInput = z.strictObject({ ids: z.array(z.uuid()).max(10_000) });

/** Sets the whole order at once; the list names every rule exactly once, so no concurrent edit is lost. */
export async function reorderAutomationRules(
  ctx: ServiceContext,
  actor: Actor,
  raw: z.input<typeof reorderRulesInput>,
  origin: RequestOrigin = {},
): Promise<RuleView[]> {
  requireAutomationAdmin(actor, 'Reordering automation rules');
  const { ids } = parseInput(reorderRulesInput, raw, 'rule order');
  return ctx.db.transaction(async (tx) => {
    await lockRules(tx);
    const known = new Set((await tx.select({ id: automationRules.id }).from(automationRules)).map((r) => r.id));
    if (new Set(ids).size !== ids.length || ids.length !== known.size || ids.some((id) => !known.has(id))) {
      throw invalid(`ids: list every one of the ${known.size} rules exactly once`, [
        { path: 'ids', message: 'must be a permutation of all rule ids' },
      ]);
    }
    const now = ctx.now();
    for (const [position, id] of ids.entries())
      await tx.update(automationRules).set({ position, updatedAt: now }).where(eq(automationRules.id, id));
    await recordAudit(
      tx,
      actor,
      { action: 'automation_rule.reordered', targetType: 'automation_rule', targetId: 'all', data: { ids } },
      origin,
    );
    return (await tx.select().from(automationRules).orderBy(asc(automationRules.position), asc(automationRules.createdAt))).map(
      presentRule,
    );
  });
}
