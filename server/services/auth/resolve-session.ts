import { and, eq, lt, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { sessions, users } from '../../db/schema/index.ts';
import { TWO_FACTOR_POLICY_KEY } from '../two-factor/policy.ts';
import type { Actor } from '../actor.ts';
import { presentUser, type UserView } from '../users/present-user.ts';
import { sha256Hex } from './secrets.ts';

export interface ResolvedSession {
  actor: Actor & { type: 'user' };
  /** The session's key in the database (the SHA-256 of the cookie value), safe to log or use as a room id. */
  sessionId: string;
  csrfToken: string;
  user: UserView;
  expiresAt: Date;
  /** True when this call slid the expiry forward: HTTP re-issues the cookie with the new lifetime. */
  renewed: boolean;
  /** The user's role requires two-factor and they have none: the session may only set it up (or sign out). */
  twoFactorSetupRequired: boolean;
}

// Read in the session's own query, so the policy costs no extra round trip and applies on every node at once.
const setupRequired = sql<boolean>`(exists (select 1 from app_settings s where s.key = ${TWO_FACTOR_POLICY_KEY}
  and jsonb_typeof(s.value) = 'array' and s.value ?| ${users.roles})
  and not exists (select 1 from user_two_factor f where f.user_id = ${users.id} and f.enabled_at is not null))`;

const TOUCH_EVERY_MS = 60_000;

/**
 * The `sb_session` cookie value -> the signed-in user, or null when unknown, expired or deactivated.
 * Used by HTTP and the console's Socket.IO namespace alike. Roles are read fresh on every call.
 */
export async function resolveSession(ctx: ServiceContext, rawSessionId: string): Promise<ResolvedSession | null> {
  if (!rawSessionId || rawSessionId.length > 128) return null;
  const idHash = sha256Hex(rawSessionId);
  const [row] = await ctx.db
    .select({ session: sessions, user: users, twoFactorSetupRequired: setupRequired })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.idHash, idHash));
  if (!row) return null;
  const now = ctx.now();
  if (row.session.expiresAt <= now) {
    await ctx.db.delete(sessions).where(eq(sessions.idHash, idHash));
    return null;
  }
  if (!row.user.active) return null;

  let expiresAt = row.session.expiresAt;
  let renewed = false;
  if (now.getTime() - row.session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    expiresAt = new Date(now.getTime() + ctx.config.SESSION_TTL_HOURS * 3_600_000);
    // The lastSeenAt guard makes concurrent requests write at most once.
    const touched = await ctx.db
      .update(sessions)
      .set({ lastSeenAt: now, expiresAt })
      .where(and(eq(sessions.idHash, idHash), lt(sessions.lastSeenAt, new Date(now.getTime() - TOUCH_EVERY_MS))))
      .returning({ idHash: sessions.idHash });
    renewed = touched.length > 0;
    if (!renewed) expiresAt = row.session.expiresAt;
  }
  const u = row.user;
  return {
    actor: { type: 'user', id: u.id, name: u.name, roles: u.roles },
    sessionId: idHash,
    csrfToken: row.session.csrfToken,
    user: presentUser(u),
    expiresAt,
    renewed,
    twoFactorSetupRequired: !!row.twoFactorSetupRequired,
  };
}
