import { and, eq, isNull } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { apiTokens } from '../../db/schema/index.ts';
import { forbidden, notFound } from '../../errors.ts';
import { hasRole, type Actor } from '../actor.ts';
import { isUuid } from '../is-uuid.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';

/** Revokes a token at once (the row stays for the audit trail). Owners revoke their own; admins any. */
export async function revokeApiToken(ctx: ServiceContext, actor: Actor, tokenId: string, origin: RequestOrigin = {}): Promise<void> {
  if (actor.type !== 'user') throw forbidden('Only a user can revoke API tokens');
  if (!isUuid(tokenId)) throw notFound('API token');
  await ctx.db.transaction(async (tx) => {
    const [token] = await tx
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)));
    // Someone else's token reads as missing to non-admins: ids do not leak across users.
    if (!token || (token.userId !== actor.id && !hasRole(actor, ['admin']))) throw notFound('API token');
    await tx.update(apiTokens).set({ revokedAt: ctx.now() }).where(eq(apiTokens.id, tokenId));
    await recordAudit(
      tx,
      actor,
      { action: 'api_token.revoked', targetType: 'api_token', targetId: tokenId, data: { ownerId: token.userId, name: token.name } },
      origin,
    );
  });
}
