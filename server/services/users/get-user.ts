import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { users } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import { isUuid } from '../is-uuid.ts';
import { presentUser, type UserView } from './present-user.ts';

export async function getUser(ctx: ServiceContext, userId: string): Promise<UserView> {
  const [row] = isUuid(userId) ? await ctx.db.select().from(users).where(eq(users.id, userId)) : [];
  if (!row) throw notFound('User');
  return presentUser(row);
}
