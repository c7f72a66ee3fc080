import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { users } from '../../db/schema/index.ts';
import { ServiceError } from '../../errors.ts';
import { presentUser, type UserView } from '../users/present-user.ts';
import { createSession, deleteSession, type ClientInfo, type NewSession } from './create-session.ts';
import { verifyAgainstDummy, verifyPassword } from './password.ts';
import { clearRateLimit, enforceRateLimit, hitRateLimit, pruneRateLimits, refundRateLimit } from './rate-limit.ts';
import { recordAnonymousAudit, recordAudit } from '../audit/record-audit.ts';
import { sha256Hex } from './secrets.ts';
import { createLoginChallenge, type LoginChallenge } from '../two-factor/login-challenge.ts';
import { hasTwoFactor } from '../two-factor/second-factor.ts';

export interface LoginInput {
  email: string;
  password: string;
}

export interface LoginClient extends ClientInfo {
  /** The cookie the browser sent, if any: it is ended, never adopted. */
  previousRawSessionId?: string | null;
}

export const INVALID_LOGIN = 'Invalid email or password';

export type LoginResult = { session: NewSession; user: UserView } | { challenge: LoginChallenge };

/**
 * Email + password -> a new session, or, when the user has two-factor on, a challenge the code completes
 * (two-factor/login-challenge.ts). Attempts are counted per email and per IP before the password is checked;
 * an unknown email and a wrong password give the same answer in about the same time.
 */
export async function login(ctx: ServiceContext, input: LoginInput, client: LoginClient = {}): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const now = ctx.now();
  const windowMs = ctx.config.LOGIN_WINDOW_MINUTES * 60_000;
  const emailKey = `login:email:${email.slice(0, 320)}`;
  const ipKey = client.ip ? `login:ip:${client.ip}` : null;
  const hits = [await hitRateLimit(ctx.db, emailKey, windowMs, now)];
  if (ipKey) hits.push(await hitRateLimit(ctx.db, ipKey, windowMs, now));
  enforceRateLimit(hits, ctx.config.LOGIN_MAX_ATTEMPTS, now, 'sign-in attempts');

  const [user] = await ctx.db.select().from(users).where(eq(users.email, email));
  const ok = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDummy(input.password);
  if (!user || !ok) {
    ctx.log.info({ ip: client.ip, knownEmail: !!user }, 'sign-in refused');
    await auditRefusal(ctx, email, user?.id ?? null, 'wrong_password', client);
    throw new ServiceError('UNAUTHENTICATED', INVALID_LOGIN);
  }
  if (!user.active) {
    await auditRefusal(ctx, email, user.id, 'deactivated', client);
    throw new ServiceError('FORBIDDEN', 'This account is deactivated; ask an administrator');
  }

  await clearRateLimit(ctx.db, emailKey);
  if (ipKey) await refundRateLimit(ctx.db, ipKey);
  if (Math.random() < 0.05) await pruneRateLimits(ctx.db, now);
  if (await hasTwoFactor(ctx.db, user.id)) return { challenge: await createLoginChallenge(ctx, user.id) };

  const session = await ctx.db.transaction(async (tx) => {
    if (client.previousRawSessionId) await deleteSession(tx, sha256Hex(client.previousRawSessionId));
    const actor = { type: 'user' as const, id: user.id, name: user.name, roles: user.roles };
    await recordAudit(tx, actor, { action: 'auth.signed_in', targetType: 'user', targetId: user.id, data: { secondFactor: null } }, client);
    return createSession(ctx, tx, user.id, client);
  });
  return { session, user: presentUser(user) };
}

/** A refused sign-in, for the audit log: the address tried (known or not) and why, from which IP. */
function auditRefusal(
  ctx: ServiceContext,
  email: string,
  userId: string | null,
  reason: 'wrong_password' | 'deactivated',
  client: ClientInfo,
) {
  const entry = {
    action: 'auth.sign_in_failed',
    targetType: 'user',
    targetId: userId ?? email.slice(0, 320),
    data: { email: email.slice(0, 320), reason },
  };
  return recordAnonymousAudit(ctx.db, entry, client);
}
