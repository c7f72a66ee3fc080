import { asc } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { routingRules } from '../../db/schema/index.ts';
import { MANAGER_ROLES, requireRole, type Actor } from '../actor.ts';
import { presentRule, type RuleView } from './present-rule.ts';

export async function listRules(ctx: ServiceContext, actor: Actor): Promise<RuleView[]> {
  requireRole(actor, MANAGER_ROLES, 'Viewing routing rules');
  return (await ctx.db.select().from(routingRules).orderBy(asc(routingRules.position))).map(presentRule);
}
