import { and, eq, isNull } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { apiTokens, users, type TokenScope } from '../../db/schema/index.ts';
import type { Actor } from '../actor.ts';
import { recordAudit, type RequestOrigin } from '../audit/record-audit.ts';
import { sha256Hex } from '../auth/secrets.ts';
import { presentUser, type UserView } from '../users/present-user.ts';
import { TOKEN_PREFIX } from './create-api-token.ts';

export interface ResolvedApiToken {
  actor: Actor & { type: 'user' };
  tokenId: string;
  scopes: TokenScope[];
  user: UserView;
}

const TOUCH_EVERY_MS = 60_000;
/** Token use reaches the audit log on the first call and then at most hourly: enough to see who used what, when. */
const AUDIT_EVERY_MS = 3_600_000;

/** `sbt_...` -> its user (with the user's current roles), or null when unknown, revoked, expired or deactivated. */
export async function resolveApiToken(ctx: ServiceContext, raw: string, origin: RequestOrigin = {}): Promise<ResolvedApiToken | null> {
  if (!raw.startsWith(TOKEN_PREFIX) || raw.length > 200) return null;
  const [row] = await ctx.db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, sha256Hex(raw)), isNull(apiTokens.revokedAt)));
  const now = ctx.now();
  if (!row || !row.user.active || (row.token.expiresAt && row.token.expiresAt <= now)) return null;
  const last = row.token.lastUsedAt?.getTime() ?? 0;
  const u = row.user;
  if (now.getTime() - last >= TOUCH_EVERY_MS) {
    await ctx.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.token.id));
  }
  if (now.getTime() - last >= AUDIT_EVERY_MS) {
    const entry = { action: 'api_token.used', targetType: 'api_token', targetId: row.token.id, data: { name: row.token.name } };
    await recordAudit(ctx.db, { type: 'user', id: u.id, name: u.name, roles: u.roles }, entry, origin);
  }
  return {
    actor: { type: 'user', id: u.id, name: u.name, roles: u.roles },
    tokenId: row.token.id,
    scopes: row.token.scopes,
    user: presentUser(u),
  };
}
