import { and, count, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import { apiTokens } from '../../db/schema/index.ts';
import { forbidden, ServiceError } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { randomSecret, sha256Hex } from '../auth/secrets.ts';
import { presentApiToken, type ApiTokenView } from './present-token.ts';

export const createApiTokenInput = z.strictObject({
  name: z.string().trim().min(1, 'name is required').max(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type CreateApiTokenInput = z.input<typeof createApiTokenInput>;

export const TOKEN_PREFIX = 'sbt_';
const MAX_LIVE_TOKENS = 50;

/**
 * A personal API token acting as `actor` with their roles. The secret is returned only here; the database keeps
 * its SHA-256 (hex), so a leaked table hands out nothing. A token cannot mint tokens: a leak stays revocable.
 */
export async function createApiToken(
  ctx: ServiceContext,
  actor: Actor,
  raw: CreateApiTokenInput,
  opts: { authKind?: 'session' | 'token' | null; origin?: RequestOrigin } = {},
): Promise<{ token: string; apiToken: ApiTokenView }> {
  if (actor.type !== 'user') throw forbidden('Only a user can own API tokens');
  if (opts.authKind === 'token') throw forbidden('An API token cannot create API tokens; sign in to the console instead');
  const input = parseInput(createApiTokenInput, raw, 'API token');
  const now = ctx.now();
  const token = `${TOKEN_PREFIX}${randomSecret()}`;
  const row = await ctx.db.transaction(async (tx) => {
    const [live] = await tx
      .select({ n: count() })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, actor.id), isNull(apiTokens.revokedAt)));
    if ((live?.n ?? 0) >= MAX_LIVE_TOKENS) {
      throw new ServiceError('CONFLICT', `At most ${MAX_LIVE_TOKENS} API tokens per user; revoke one first`);
    }
    const [created] = await tx
      .insert(apiTokens)
      .values({
        userId: actor.id,
        name: input.name,
        prefix: token.slice(0, 12),
        tokenHash: sha256Hex(token),
        expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
        createdAt: now,
      })
      .returning();
    await recordAudit(
      tx,
      actor,
      { action: 'api_token.created', targetType: 'api_token', targetId: created!.id, data: { name: input.name } },
      opts.origin,
    );
    return created!;
  });
  return { token, apiToken: presentApiToken(row) };
}
