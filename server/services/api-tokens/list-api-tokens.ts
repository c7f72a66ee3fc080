import { and, desc, eq, isNull } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { apiTokens } from '../../db/schema/index.ts';
import { forbidden } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { presentApiToken, type ApiTokenView } from './present-token.ts';

/** The actor's own live (not revoked) tokens, newest first. */
export async function listApiTokens(ctx: ServiceContext, actor: Actor): Promise<ApiTokenView[]> {
  if (actor.type !== 'user') throw forbidden('Only a user owns API tokens');
  const rows = await ctx.db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, actor.id), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map(presentApiToken);
}
