import { and, count, eq, isNull } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { twoFactorRecoveryCodes } from '../../db/schema/index.ts';
import { forbidden } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { getTwoFactorPolicy } from './policy.ts';
import { hasTwoFactor } from './second-factor.ts';

/** What Profile → Two-factor shows: on or off, recovery codes left, and whether the user's role requires it. */
export async function getTwoFactorStatus(ctx: ServiceContext, actor: Actor) {
  if (actor.type !== 'user') throw forbidden('Only a signed-in user has two-factor settings');
  const enabled = await hasTwoFactor(ctx.db, actor.id);
  const [left] = await ctx.db
    .select({ n: count() })
    .from(twoFactorRecoveryCodes)
    .where(and(eq(twoFactorRecoveryCodes.userId, actor.id), isNull(twoFactorRecoveryCodes.usedAt)));
  const { requiredRoles } = await getTwoFactorPolicy(ctx.db);
  return { enabled, recoveryCodesLeft: enabled ? (left?.n ?? 0) : 0, required: actor.roles.some((r) => requiredRoles.includes(r)) };
}
