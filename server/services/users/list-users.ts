import { and, arrayContains, asc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { roles, users } from '../../db/schema/index.ts';
import { hasRole, type Actor } from '../actor.ts';
import { presentColleague, presentUser, type ColleagueView, type UserView } from './present-user.ts';
import { parseInput } from '../parse-input.ts';

export const listUsersInput = z.strictObject({
  role: z.enum(roles).optional(),
  /** Admins only: include deactivated users (colleagues never see them). */
  includeInactive: z.boolean().optional(),
});
export type ListUsersInput = z.input<typeof listUsersInput>;

/** Admins see everything; everyone else sees active colleagues without contact details. */
export async function listUsers(ctx: ServiceContext, actor: Actor, raw: ListUsersInput = {}): Promise<UserView[] | ColleagueView[]> {
  const input = parseInput(listUsersInput, raw, 'filter');
  const admin = hasRole(actor, ['admin']);
  const where: SQL[] = [];
  if (input.role) where.push(arrayContains(users.roles, [input.role]));
  if (!admin || !input.includeInactive) where.push(eq(users.active, true));
  const rows = await ctx.db
    .select()
    .from(users)
    .where(and(...where))
    .orderBy(asc(users.name), asc(users.id));
  return admin ? rows.map(presentUser) : rows.map(presentColleague);
}
