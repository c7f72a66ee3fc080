import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { passwordResets, users } from '../../db/schema/index.ts';
import { ServiceError } from '../../errors.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { deleteUserSessions } from '../auth/create-session.ts';
import { linkTokenId, matchesLinkToken } from '../auth/link-token.ts';
import { hashPassword } from '../auth/password.ts';
import type { DbOrTx } from '../../db/client.ts';
import { parseInput } from '../parse-input.ts';
import { passwordField } from '../users/user-input.ts';

export const resetPasswordInput = z.strictObject({ password: passwordField });

const deadLink = () => new ServiceError('GONE', 'This password reset link has expired or was already used: ask for a new one');

/** The live reset row and its user for a link token, or GONE (unknown, used, replaced by a newer link, expired). */
export async function findPasswordReset(ctx: ServiceContext, db: DbOrTx, token: string) {
  const id = linkTokenId(token);
  if (!id) throw deadLink();
  const [row] = await db
    .select({ reset: passwordResets, user: users })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.id, id));
  if (!row || !matchesLinkToken(token, row.reset.tokenHash) || row.reset.expiresAt <= ctx.now() || !row.user.active) throw deadLink();
  return row;
}

/** What the reset page shows before the new password is chosen. */
export async function checkPasswordReset(ctx: ServiceContext, token: string): Promise<{ email: string }> {
  return { email: (await findPasswordReset(ctx, ctx.db, token)).user.email };
}

/** Sets the new password from a mailed link, uses the link up and signs the user out everywhere. */
export async function resetPassword(
  ctx: ServiceContext,
  token: string,
  raw: unknown,
  origin: RequestOrigin = {},
): Promise<{ email: string }> {
  const input = parseInput(resetPasswordInput, raw, 'password reset');
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    const { reset, user } = await findPasswordReset(ctx, tx, token);
    // Deleting first (and checking it was still there) makes two uses of one link at once succeed only once.
    const used = await tx.delete(passwordResets).where(eq(passwordResets.id, reset.id)).returning({ id: passwordResets.id });
    if (!used.length) throw deadLink();
    await tx.update(users).set({ passwordHash, updatedAt: ctx.now() }).where(eq(users.id, user.id));
    await deleteUserSessions(tx, user.id);
    const actor = { type: 'user' as const, id: user.id, name: user.name, roles: user.roles };
    await recordAudit(tx, actor, { action: 'user.password_reset_completed', targetType: 'user', targetId: user.id }, origin);
    return { email: user.email };
  });
}
