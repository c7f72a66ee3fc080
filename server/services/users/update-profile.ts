import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { users } from '../../db/schema/index.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { deleteUserSessions } from '../auth/create-session.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { enforceRateLimit, hitRateLimit } from '../auth/rate-limit.ts';
import { presentUser, type UserView } from './present-user.ts';
import { localeField, nameField, passwordField, timeZoneField } from './user-input.ts';
import { parseInput } from '../parse-input.ts';

export const updateProfileInput = z.strictObject({
  name: nameField.optional(),
  locale: localeField.optional(),
  timeZone: timeZoneField.optional(),
  currentPassword: z.string().max(256).optional(),
  newPassword: passwordField.optional(),
});
export type UpdateProfileInput = z.input<typeof updateProfileInput>;

/**
 * A user changes their own name, language, time zone or password. A new password needs the current one
 * (guessing it is rate-limited like sign-in) and signs out every other session of that user.
 */
export async function updateProfile(
  ctx: ServiceContext,
  actor: Actor,
  raw: UpdateProfileInput,
  opts: { sessionId?: string | null; ip?: string | null } = {},
): Promise<UserView> {
  if (actor.type !== 'user') throw forbidden('Only a signed-in user has a profile');
  const input = parseInput(updateProfileInput, raw, 'profile');
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.id));
  if (!user) throw notFound('User');

  let passwordHash: string | undefined;
  if (input.newPassword !== undefined) {
    if (!input.currentPassword) {
      throw invalid('currentPassword is required to set a new password', [{ path: 'currentPassword', message: 'required' }]);
    }
    const now = ctx.now();
    const hit = await hitRateLimit(ctx.db, `password:user:${user.id}`, ctx.config.LOGIN_WINDOW_MINUTES * 60_000, now);
    enforceRateLimit([hit], ctx.config.LOGIN_MAX_ATTEMPTS, now, 'password attempts');
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw invalid('currentPassword is not your current password', [{ path: 'currentPassword', message: 'incorrect' }]);
    }
    passwordHash = await hashPassword(input.newPassword);
  }

  return ctx.db.transaction(async (tx) => {
    const [after] = await tx
      .update(users)
      .set({ name: input.name, locale: input.locale, timeZone: input.timeZone, passwordHash, updatedAt: ctx.now() })
      .where(eq(users.id, user.id))
      .returning();
    if (passwordHash) {
      await deleteUserSessions(tx, user.id, opts.sessionId);
      const entry = { action: 'user.password_changed', targetType: 'user', targetId: user.id, data: { otherSessionsEnded: true } };
      await recordAudit(tx, actor, entry, { ip: opts.ip });
    }
    return presentUser(after!);
  });
}
