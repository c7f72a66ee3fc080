import { count, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { users, type Role } from '../../db/schema/index.ts';
import { conflict } from '../../errors.ts';
import { systemActor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { createSession, type ClientInfo, type NewSession } from '../auth/create-session.ts';
import { hashPassword } from '../auth/password.ts';
import { joinDefaultTeam } from '../teams/join-default-team.ts';
import { presentUser, type UserView } from './present-user.ts';
import { emailField, localeField, nameField, passwordField, timeZoneField } from './user-input.ts';
import { parseInput } from '../parse-input.ts';

export const setupInput = z.strictObject({
  email: emailField,
  name: nameField,
  password: passwordField,
  locale: localeField.optional(),
  timeZone: timeZoneField.optional(),
});
export type SetupInput = z.input<typeof setupInput>;

export async function isSetupRequired(ctx: ServiceContext): Promise<boolean> {
  const [row] = await ctx.db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

/** The first admin also answers customers: on a fresh install they are often the only person there is. */
const FIRST_ADMIN_ROLES: Role[] = ['admin', 'agent'];

/**
 * The first admin of a fresh install, signed in at once, in the default team "Support" that owns the widget inbox.
 * Only while no user exists: concurrent calls queue on an advisory lock and every one after the first sees the
 * user it created and gets CONFLICT.
 */
export async function setupFirstAdmin(
  ctx: ServiceContext,
  raw: SetupInput,
  client: ClientInfo & RequestOrigin = {},
): Promise<{ user: UserView; session: NewSession }> {
  const input = parseInput(setupInput, raw, 'setup');
  if (!(await isSetupRequired(ctx))) throw setupDone();
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('users:setup', 0))`);
    const [existing] = await tx.select({ n: count() }).from(users);
    if ((existing?.n ?? 0) > 0) throw setupDone();
    const [row] = await tx
      .insert(users)
      .values({
        email: input.email,
        name: input.name,
        roles: FIRST_ADMIN_ROLES,
        passwordHash,
        locale: input.locale ?? 'en',
        timeZone: input.timeZone ?? 'UTC',
      })
      .returning();
    const actor = systemActor('setup');
    await recordAudit(
      tx,
      actor,
      { action: 'user.created', targetType: 'user', targetId: row!.id, data: { email: input.email, roles: FIRST_ADMIN_ROLES } },
      client,
    );
    await joinDefaultTeam(tx, actor, row!.id, ctx.now(), client);
    const session = await createSession(ctx, tx, row!.id, client);
    return { user: presentUser(row!), session };
  });
}

const setupDone = () => conflict('Setup is already done: sign in, or ask an admin for an account');
