import { and, eq, isNull } from 'drizzle-orm';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { twoFactorRecoveryCodes, userTwoFactor, users } from '../../db/schema/index.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { clearRateLimit } from '../auth/rate-limit.ts';
import { parseInput } from '../parse-input.ts';
import { auditCodeFailure, limitCodeAttempts } from './second-factor.ts';
import { hashRecoveryCode, matchTotpStep, newRecoveryCodes, newTotpSecret, totpUri } from './totp.ts';

export const codeInput = z.strictObject({
  code: z.string({ message: 'code: expected the 6-digit code of your authenticator app' }).trim().min(1, 'code is required').max(64),
});

function selfOnly(actor: Actor): Extract<Actor, { type: 'user' }> {
  if (actor.type !== 'user') throw forbidden('Only a signed-in user sets up their own two-factor sign-in');
  return actor;
}

/**
 * Starts (or restarts) setup: a new secret, sealed with SECRET_KEY, that is not asked for at sign-in until
 * `enableTwoFactor` sees a code made from it. Shown as text and as a QR code (an SVG data URL).
 */
export async function startTwoFactorSetup(ctx: ServiceContext, actorIn: Actor) {
  const actor = selfOnly(actorIn);
  const [user] = await ctx.db.select({ email: users.email }).from(users).where(eq(users.id, actor.id));
  if (!user) throw notFound('User');
  const secret = newTotpSecret();
  const sealed = ctx.secrets.seal(secret);
  const started = await ctx.db
    .insert(userTwoFactor)
    .values({ userId: actor.id, secretSealed: sealed, createdAt: ctx.now() })
    .onConflictDoUpdate({
      target: userTwoFactor.userId,
      set: { secretSealed: sealed, createdAt: ctx.now() },
      where: isNull(userTwoFactor.enabledAt),
    })
    .returning({ userId: userTwoFactor.userId });
  if (!started.length) throw conflict('Two-factor sign-in is already on; turn it off first to use another device');
  const uri = totpUri(secret, user.email);
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/** The first code proves the app holds the secret: two-factor is on, and ten recovery codes are shown once. */
export async function enableTwoFactor(ctx: ServiceContext, actorIn: Actor, raw: unknown, origin: RequestOrigin = {}) {
  const actor = selfOnly(actorIn);
  const { code } = parseInput(codeInput, raw, 'code');
  await limitCodeAttempts(ctx, actor.id, origin.ip);
  const [row] = await ctx.db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, actor.id));
  if (!row) throw conflict('Start two-factor setup first');
  if (row.enabledAt) throw conflict('Two-factor sign-in is already on');
  const step = matchTotpStep(ctx.secrets.open(row.secretSealed), code.replace(/\s/g, ''), ctx.now());
  if (step === null) {
    await auditCodeFailure(ctx, actor.id, 'setup', origin);
    throw invalid('code is not the current code of your authenticator app', [{ path: 'code', message: 'incorrect' }]);
  }
  const recoveryCodes = newRecoveryCodes();
  await ctx.db.transaction(async (tx) => {
    const on = await tx
      .update(userTwoFactor)
      .set({ enabledAt: ctx.now(), lastUsedStep: step })
      .where(and(eq(userTwoFactor.userId, actor.id), isNull(userTwoFactor.enabledAt)))
      .returning({ userId: userTwoFactor.userId });
    if (!on.length) throw conflict('Two-factor sign-in is already on');
    await tx.delete(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, actor.id));
    await tx.insert(twoFactorRecoveryCodes).values(recoveryCodes.map((c) => ({ userId: actor.id, codeHash: hashRecoveryCode(c) })));
    await recordAudit(tx, actor, { action: 'two_factor.enabled', targetType: 'user', targetId: actor.id }, origin);
  });
  await clearRateLimit(ctx.db, `2fa:user:${actor.id}`);
  return { recoveryCodes };
}
