import { eq, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appSettings, roles, userTwoFactor } from '../../db/schema/index.ts';
import { requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { parseInput } from '../parse-input.ts';

/** Read by resolveSession's query too (by this key), so every request of every node sees a change at once. */
export const TWO_FACTOR_POLICY_KEY = 'security.twoFactorRequiredRoles';

export const TWO_FACTOR_SETUP_REQUIRED =
  'Your role requires two-factor sign-in: turn it on first (the console shows how; API tokens are not affected)';

export const twoFactorPolicyInput = z.strictObject({
  requiredRoles: z.array(z.enum(roles, { message: `requiredRoles: each must be one of ${roles.join(', ')}` })).max(roles.length),
});
export type TwoFactorPolicy = z.output<typeof twoFactorPolicyInput>;

export async function getTwoFactorPolicy(db: DbOrTx): Promise<TwoFactorPolicy> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, TWO_FACTOR_POLICY_KEY));
  const parsed = z.array(z.enum(roles)).safeParse(row?.value);
  return { requiredRoles: parsed.success ? parsed.data : [] };
}

/** The policy and who has two-factor on, for Settings → Users. Admins only. */
export async function getTwoFactorOverview(ctx: ServiceContext, actor: Actor) {
  requireRole(actor, ['admin'], 'Reading two-factor settings');
  const enrolled = await ctx.db
    .select({ userId: userTwoFactor.userId, enabledAt: userTwoFactor.enabledAt })
    .from(userTwoFactor)
    .where(isNotNull(userTwoFactor.enabledAt));
  return {
    ...(await getTwoFactorPolicy(ctx.db)),
    enrolled: enrolled.map((e) => ({ userId: e.userId, enabledAt: e.enabledAt!.toISOString() })),
  };
}

/** Which roles must sign in with a second factor; users of those roles without one are sent to set it up. */
export async function updateTwoFactorPolicy(ctx: ServiceContext, actor: Actor, raw: unknown, origin: RequestOrigin = {}) {
  requireRole(actor, ['admin'], 'Changing two-factor settings');
  const input = parseInput(twoFactorPolicyInput, raw, 'two-factor settings');
  const requiredRoles = [...new Set(input.requiredRoles)];
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const before = await getTwoFactorPolicy(tx);
    await tx
      .insert(appSettings)
      .values({ key: TWO_FACTOR_POLICY_KEY, value: requiredRoles, updatedAt: now })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: requiredRoles, updatedAt: now } });
    const entry = { action: 'settings.two_factor_policy', targetType: 'settings', targetId: TWO_FACTOR_POLICY_KEY };
    await recordAudit(tx, actor, { ...entry, data: { from: before.requiredRoles, to: requiredRoles } }, origin);
  });
  return getTwoFactorOverview(ctx, actor);
}
