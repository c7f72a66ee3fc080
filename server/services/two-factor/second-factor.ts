import { and, eq, isNull, lt } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { twoFactorRecoveryCodes, userTwoFactor, users } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { enforceRateLimit, hitRateLimits } from '../auth/rate-limit.ts';
import { hashRecoveryCode, matchTotpStep } from './totp.ts';

export type SecondFactorKind = 'totp' | 'recovery';

/** Whether the user has an authenticator that proved itself (setup finished). */
export async function hasTwoFactor(db: DbOrTx, userId: string): Promise<boolean> {
  const [row] = await db.select({ enabledAt: userTwoFactor.enabledAt }).from(userTwoFactor).where(eq(userTwoFactor.userId, userId));
  return !!row?.enabledAt;
}

/**
 * Counts one code attempt per user (and per IP when known) in the sign-in window: a stolen password does not
 * buy unlimited guesses at six digits.
 */
export async function limitCodeAttempts(ctx: ServiceContext, userId: string, ip?: string | null): Promise<void> {
  const now = ctx.now();
  const keys = [`2fa:user:${userId}`, ...(ip ? [`2fa:ip:${ip}`] : [])];
  const hits = await hitRateLimits(ctx.db, keys, ctx.config.LOGIN_WINDOW_MINUTES * 60_000, now);
  enforceRateLimit(hits, ctx.config.LOGIN_MAX_ATTEMPTS, now, 'two-factor codes');
}

/**
 * A 6-digit code of the user's authenticator (±1 step, never a step already used) or an unused recovery code,
 * consumed atomically: two requests racing with one code cannot both pass. Null when it does not match.
 */
export async function useSecondFactor(ctx: ServiceContext, db: DbOrTx, userId: string, rawCode: string): Promise<SecondFactorKind | null> {
  const [row] = await db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, userId));
  if (!row?.enabledAt) return null;
  const code = rawCode.replace(/\s/g, '');
  if (/^\d{6}$/.test(code)) {
    const step = matchTotpStep(ctx.secrets.open(row.secretSealed), code, ctx.now());
    if (step === null) return null;
    const taken = await db
      .update(userTwoFactor)
      .set({ lastUsedStep: step })
      .where(and(eq(userTwoFactor.userId, userId), lt(userTwoFactor.lastUsedStep, step)))
      .returning({ userId: userTwoFactor.userId });
    return taken.length ? 'totp' : null;
  }
  const used = await db
    .update(twoFactorRecoveryCodes)
    .set({ usedAt: ctx.now() })
    .where(
      and(
        eq(twoFactorRecoveryCodes.userId, userId),
        eq(twoFactorRecoveryCodes.codeHash, hashRecoveryCode(code)),
        isNull(twoFactorRecoveryCodes.usedAt),
      ),
    )
    .returning({ id: twoFactorRecoveryCodes.id });
  return used.length ? 'recovery' : null;
}

/** The user as the actor of their own sign-in's audit rows. */
export async function userActor(db: DbOrTx, userId: string): Promise<Actor> {
  const [u] = await db.select({ id: users.id, name: users.name, roles: users.roles }).from(users).where(eq(users.id, userId));
  return { type: 'user', id: userId, name: u?.name ?? '', roles: u?.roles ?? [] };
}

export async function auditCodeFailure(ctx: ServiceContext, userId: string, during: string, origin: RequestOrigin): Promise<void> {
  const actor = await userActor(ctx.db, userId);
  await recordAudit(ctx.db, actor, { action: 'two_factor.failed', targetType: 'user', targetId: userId, data: { during } }, origin);
}
