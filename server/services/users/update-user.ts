import { and, arrayContains, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { actorUserId, requireRole, type Actor } from '../actor.ts';
import { recordAudit, type AuditEntry, type RequestOrigin } from '../audit/record-audit.ts';
import { deleteUserSessions } from '../auth/create-session.ts';
import { hashPassword } from '../auth/password.ts';
import { isUuid } from '../is-uuid.ts';
import { presentUser, type UserView } from './present-user.ts';
import { nameField, passwordField, rolesField } from './user-input.ts';
import { parseInput } from '../parse-input.ts';

export const updateUserInput = z.strictObject({
  name: nameField.optional(),
  roles: rolesField.optional(),
  active: z.boolean().optional(),
  /** An admin-set password (the user lost theirs); signs the user out everywhere. */
  password: passwordField.optional(),
});
export type UpdateUserInput = z.input<typeof updateUserInput>;

/**
 * Admins rename, change roles, (de)activate or reset a password. The last active admin cannot be demoted or
 * deactivated, and nobody deactivates themselves (it would sign them out with no way back in).
 */
export async function updateUser(
  ctx: ServiceContext,
  actor: Actor,
  userId: string,
  raw: UpdateUserInput,
  origin: RequestOrigin = {},
): Promise<UserView> {
  requireRole(actor, ['admin'], 'Changing users');
  if (!isUuid(userId)) throw notFound('User');
  const input = parseInput(updateUserInput, raw, 'user');
  if (!Object.keys(input).length) throw invalid('Nothing to change: send name, roles, active or password');
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return ctx.db.transaction(async (tx) => {
    // Serialises admin changes so two admins cannot demote each other at the same moment.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('users:admins', 0))`);
    const [before] = await tx.select().from(users).where(eq(users.id, userId));
    if (!before) throw notFound('User');
    const roles = input.roles ?? before.roles;
    const active = input.active ?? before.active;
    if (before.active && !active && userId === actorUserId(actor)) {
      throw conflict('You cannot deactivate your own account: another admin can');
    }
    if (before.active && before.roles.includes('admin') && (!active || !roles.includes('admin'))) {
      await requireAnotherAdmin(tx, userId);
    }
    const [after] = await tx
      .update(users)
      .set({ name: input.name, roles: input.roles, active: input.active, passwordHash, updatedAt: ctx.now() })
      .where(eq(users.id, userId))
      .returning();
    if (!active || passwordHash) await deleteUserSessions(tx, userId);
    for (const entry of auditEntries(before, after!, !!passwordHash)) await recordAudit(tx, actor, entry, origin);
    return presentUser(after!);
  });
}

async function requireAnotherAdmin(tx: Tx, userId: string) {
  const [other] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.active, true), arrayContains(users.roles, ['admin']), ne(users.id, userId)))
    .limit(1);
  if (!other) throw conflict('Switchboard needs at least one active admin: make someone else admin first');
}

type UserRow = typeof users.$inferSelect;

function auditEntries(before: UserRow, after: UserRow, passwordReset: boolean): AuditEntry[] {
  const base = { targetType: 'user', targetId: after.id };
  const entries: AuditEntry[] = [];
  if (before.name !== after.name) entries.push({ ...base, action: 'user.updated', data: { name: { from: before.name, to: after.name } } });
  const sameRoles = before.roles.length === after.roles.length && before.roles.every((r) => after.roles.includes(r));
  if (!sameRoles) entries.push({ ...base, action: 'user.roles_changed', data: { from: before.roles, to: after.roles } });
  if (before.active !== after.active) entries.push({ ...base, action: after.active ? 'user.activated' : 'user.deactivated' });
  if (passwordReset) entries.push({ ...base, action: 'user.password_reset' });
  return entries;
}
