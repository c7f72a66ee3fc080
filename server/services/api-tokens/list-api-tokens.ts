import { and, desc, eq, isNull } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { apiTokens } from '../../db/schema/index.ts';
import { forbidden } from '../../errors.ts';
import { requireRole, type Actor } from '../actor.ts';
import { presentApiToken, type ApiTokenView } from './present-token.ts';

/** Live (not revoked) tokens, newest first: the actor's own, or (admins) another user's. */
export async function listApiTokens(ctx: ServiceContext, actor: Actor, ownerId?: string): Promise<ApiTokenView[]> {
  if (actor.type !== 'user') throw forbidden('Only a user owns API tokens');
  if (ownerId && ownerId !== actor.id) requireRole(actor, ['admin'], "Listing another user's API tokens");
  const rows = await ctx.db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, ownerId ?? actor.id), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map(presentApiToken);
}
