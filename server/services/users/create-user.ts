import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { users } from '../../db/schema/index.ts';
import { conflict } from '../../errors.ts';
import { requireRole, type Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { hashPassword } from '../auth/password.ts';
import { presentUser, type UserView } from './present-user.ts';
import { emailField, localeField, nameField, passwordField, rolesField, timeZoneField } from './user-input.ts';
import { parseInput } from '../parse-input.ts';

export const createUserInput = z.strictObject({
  email: emailField,
  name: nameField,
  roles: rolesField,
  password: passwordField,
  locale: localeField.optional(),
  timeZone: timeZoneField.optional(),
});
export type CreateUserInput = z.input<typeof createUserInput>;

const emailTaken = (email: string) => conflict(`A user with email ${email} already exists`, [{ path: 'email', message: 'already in use' }]);

/** Admins add colleagues; the email (lowercased, trimmed) is unique. */
export async function createUser(ctx: ServiceContext, actor: Actor, raw: CreateUserInput, origin: RequestOrigin = {}): Promise<UserView> {
  requireRole(actor, ['admin'], 'Creating users');
  const input = parseInput(createUserInput, raw, 'user');
  const passwordHash = await hashPassword(input.password);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
      if (existing) throw emailTaken(input.email);
      const [row] = await tx
        .insert(users)
        .values({
          email: input.email,
          name: input.name,
          roles: input.roles,
          passwordHash,
          locale: input.locale ?? 'en',
          timeZone: input.timeZone ?? 'UTC',
        })
        .returning();
      await recordAudit(
        tx,
        actor,
        { action: 'user.created', targetType: 'user', targetId: row!.id, data: { email: input.email, roles: input.roles } },
        origin,
      );
      return presentUser(row!);
    });
  } catch (err) {
    // Two admins adding the same colleague at once: the unique index decides.
    if (isUniqueViolation(err, 'users_email_key')) throw emailTaken(input.email);
    throw err;
  }
}
