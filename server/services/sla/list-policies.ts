import { asc, eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { slaPolicies } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import { AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { isUuid } from '../is-uuid.ts';
import { presentPolicy, type PolicyView } from './present.ts';

/** The default policy first, then teams' policies by name. */
export async function listPolicies(ctx: ServiceContext, actor: Actor): Promise<PolicyView[]> {
  requireRole(actor, AGENT_ROLES, 'Viewing SLA policies');
  const rows = await ctx.db
    .select()
    .from(slaPolicies)
    .orderBy(sql`${slaPolicies.teamId} is not null`, asc(slaPolicies.name));
  return rows.map(presentPolicy);
}

export async function getPolicy(ctx: ServiceContext, actor: Actor, id: string): Promise<PolicyView> {
  requireRole(actor, AGENT_ROLES, 'Viewing SLA policies');
  if (!isUuid(id)) throw notFound('SLA policy');
  const [row] = await ctx.db.select().from(slaPolicies).where(eq(slaPolicies.id, id));
  if (!row) throw notFound('SLA policy');
  return presentPolicy(row);
}
