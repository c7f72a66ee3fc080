import { asc, desc, eq, isNull, or } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { macros } from '../../db/schema/index.ts';
import { actorUserId, AGENT_ROLES, requireRole, type Actor } from '../actor.ts';
import { presentMacro } from './present.ts';

/** The shared macros and the actor's own: the most used first, then by name. */
export async function listMacros(ctx: ServiceContext, actor: Actor) {
  requireRole(actor, AGENT_ROLES, 'Reading macros');
  const me = actorUserId(actor);
  const rows = await ctx.db
    .select()
    .from(macros)
    .where(or(isNull(macros.ownerUserId), me ? eq(macros.ownerUserId, me) : undefined))
    .orderBy(desc(macros.useCount), asc(macros.name), asc(macros.id))
    .limit(500);
  return rows.map(presentMacro);
}
