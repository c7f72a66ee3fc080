import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { twoFactorRecoveryCodes, userTwoFactor, users } from '../../db/schema/index.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import { requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { deleteUserSessions } from '../auth/create-session.ts';
import { verifyPassword } from '../auth/password.ts';
import { isUuid } from '../is-uuid.ts';
import { parseInput } from '../parse-input.ts';
import { auditCodeFailure, hasTwoFactor, limitCodeAttempts, useSecondFactor } from './second-factor.ts';

export const disableInput = z
  .strictObject({
    password: z.string().max(256).optional(),
    code: z.string().trim().max(64).optional(),
  })
  .refine((v) => !!v.password || !!v.code, { message: 'password or code is required to turn two-factor off', path: ['password'] });

async function removeTwoFactor(db: DbOrTx, userId: string): Promise<void> {
  await db.delete(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, userId));
  await db.delete(userTwoFactor).where(eq(userTwoFactor.userId, userId));
}

/** The user turns their own second factor off, proving it is them with their password or a current code. */
export async function disableTwoFactor(ctx: ServiceContext, actor: Actor, raw: unknown, origin: RequestOrigin = {}): Promise<void> {
  if (actor.type !== 'user') throw forbidden('Only a signed-in user turns off their own two-factor sign-in');
  const input = parseInput(disableInput, raw, 'two-factor');
  if (!(await hasTwoFactor(ctx.db, actor.id))) return;
  await limitCodeAttempts(ctx, actor.id, origin.ip);
  const removed = await ctx.db.transaction(async (tx) => {
    let proof: string | null = null;
    if (input.code) proof = await useSecondFactor(ctx, tx, actor.id, input.code);
    else {
      const [user] = await tx.select({ hash: users.passwordHash }).from(users).where(eq(users.id, actor.id));
      if (user && (await verifyPassword(user.hash, input.password!))) proof = 'password';
    }
    if (!proof) return false;
    await removeTwoFactor(tx, actor.id);
    await recordAudit(tx, actor, { action: 'two_factor.disabled', targetType: 'user', targetId: actor.id, data: { proof } }, origin);
    return true;
  });
  if (!removed) {
    await auditCodeFailure(ctx, actor.id, 'disable', origin);
    const field = input.code ? 'code' : 'password';
    throw invalid(`${field} is not correct`, [{ path: field, message: 'incorrect' }]);
  }
}

/**
 * Lost device: an admin removes a user's second factor; the user is signed out everywhere and sets it up again
 * (at once, when their role requires it). Admins only.
 */
export async function resetTwoFactor(ctx: ServiceContext, actor: Actor, userId: string, origin: RequestOrigin = {}): Promise<void> {
  requireRole(actor, ['admin'], "Resetting a user's two-factor sign-in");
  if (!isUuid(userId)) throw notFound('User');
  await ctx.db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!user) throw notFound('User');
    const had = await hasTwoFactor(tx, userId);
    await removeTwoFactor(tx, userId);
    await deleteUserSessions(tx, userId);
    await recordAudit(tx, actor, { action: 'two_factor.reset', targetType: 'user', targetId: userId, data: { wasEnabled: had } }, origin);
  });
}
