import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { users } from '../../db/schema/index.ts';
import { conflict, notFound } from '../../errors.ts';
import { requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { deleteUserSessions } from '../auth/create-session.ts';
import { isUuid } from '../is-uuid.ts';
import { issuePasswordReset } from './issue-password-reset.ts';

/** A password no argon2 hash matches: the old password stops working until the user sets a new one. */
const RESET_REQUIRED = 'reset-required';

/**
 * An admin forces a reset (a leaked password, a departed device): the user is signed out everywhere, the old
 * password stops working, and the usual reset link is mailed to them.
 */
export async function sendPasswordReset(
  ctx: ServiceContext,
  actor: Actor,
  userId: string,
  opts: RequestOrigin & { linkBase?: string | null } = {},
): Promise<void> {
  requireRole(actor, ['admin'], 'Sending password resets');
  if (!isUuid(userId)) throw notFound('User');
  await ctx.db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id, active: users.active, email: users.email }).from(users).where(eq(users.id, userId));
    if (!user) throw notFound('User');
    if (!user.active) throw conflict('This account is deactivated: reactivate it before sending a password reset');
    await tx.update(users).set({ passwordHash: RESET_REQUIRED, updatedAt: ctx.now() }).where(eq(users.id, userId));
    await deleteUserSessions(tx, userId);
    await issuePasswordReset(ctx, tx, userId, opts.linkBase ?? null);
    await recordAudit(
      tx,
      actor,
      { action: 'user.password_reset_sent', targetType: 'user', targetId: userId, data: { email: user.email } },
      opts,
    );
  });
}
