import { asc } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { automationRules } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { presentRule, type RuleView } from './present-rule.ts';
import { requireAutomationAdmin } from './rule-access.ts';

/** Every rule in evaluation order, with when it last fired, how often, and its failure state (admin). */
export async function listAutomationRules(ctx: ServiceContext, actor: Actor): Promise<RuleView[]> {
  requireAutomationAdmin(actor, 'Reading automation rules');
  const rows = await ctx.db.select().from(automationRules).orderBy(asc(automationRules.position), asc(automationRules.createdAt));
  return rows.map(presentRule);
}
