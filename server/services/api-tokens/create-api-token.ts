import { and, count, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { apiTokens, TOKEN_SCOPES, users } from '../../db/schema/index.ts';
import { forbidden, notFound, ServiceError } from '../../errors.ts';
import { hasRole, requireRole, type Actor } from '../actor.ts';
import { parseInput } from '../parse-input.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { randomSecret, sha256Hex } from '../auth/secrets.ts';
import { presentApiToken, type ApiTokenView } from './present-token.ts';

export const createApiTokenInput = z.strictObject({
  name: z.string().trim().min(1, 'name is required').max(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
  /** read: GET calls; write: every other call the owner may make; ingest: POST /api/ingest (admins grant it). */
  scopes: z
    .array(z.enum(TOKEN_SCOPES))
    .min(1, 'choose at least one scope')
    .transform((s) => [...new Set(s)])
    .default(['read', 'write']),
});
export type CreateApiTokenInput = z.input<typeof createApiTokenInput>;

export const TOKEN_PREFIX = 'sbt_';
const MAX_LIVE_TOKENS = 50;

/**
 * An API token acting as its owner with the owner's roles, limited to its scopes: the actor's own, or (admins)
 * another user's — e.g. an integration user of one team, so what it feeds in stays within what that team sees.
 * The secret is returned only here; the database keeps its SHA-256 (hex), so a leaked table hands out nothing.
 * A token cannot mint tokens: a leak stays revocable.
 */
export async function createApiToken(
  ctx: ServiceContext,
  actor: Actor,
  raw: CreateApiTokenInput,
  opts: { authKind?: 'session' | 'token' | null; origin?: RequestOrigin; ownerId?: string } = {},
): Promise<{ token: string; apiToken: ApiTokenView }> {
  if (actor.type !== 'user') throw forbidden('Only a user can own API tokens');
  if (opts.authKind === 'token') throw forbidden('An API token cannot create API tokens; sign in to the console instead');
  const input = parseInput(createApiTokenInput, raw, 'API token');
  if (input.scopes.includes('ingest') && !hasRole(actor, ['admin'])) {
    throw forbidden('Only an admin can create a token with the ingest scope: it feeds customer messages in as a channel');
  }
  const ownerId = opts.ownerId ?? actor.id;
  if (ownerId !== actor.id) requireRole(actor, ['admin'], "Creating another user's API token");
  const now = ctx.now();
  const token = `${TOKEN_PREFIX}${randomSecret()}`;
  const row = await ctx.db.transaction(async (tx) => {
    if (ownerId !== actor.id) await requireActiveUser(tx, ownerId);
    const [live] = await tx
      .select({ n: count() })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, ownerId), isNull(apiTokens.revokedAt)));
    if ((live?.n ?? 0) >= MAX_LIVE_TOKENS) {
      throw new ServiceError('CONFLICT', `At most ${MAX_LIVE_TOKENS} API tokens per user; revoke one first`);
    }
    const [created] = await tx
      .insert(apiTokens)
      .values({
        userId: ownerId,
        name: input.name,
        prefix: token.slice(0, 12),
        tokenHash: sha256Hex(token),
        scopes: input.scopes,
        expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
        createdAt: now,
      })
      .returning();
    await recordAudit(
      tx,
      actor,
      {
        action: 'api_token.created',
        targetType: 'api_token',
        targetId: created!.id,
        data: { name: input.name, scopes: input.scopes, ownerId },
      },
      opts.origin,
    );
    return created!;
  });
  return { token, apiToken: presentApiToken(row) };
}

async function requireActiveUser(tx: Tx, userId: string): Promise<void> {
  const [owner] = await tx.select({ active: users.active }).from(users).where(eq(users.id, userId));
  if (!owner) throw notFound('User');
  if (!owner.active) throw new ServiceError('CONFLICT', 'That user is deactivated; reactivate them before giving them a token');
}
