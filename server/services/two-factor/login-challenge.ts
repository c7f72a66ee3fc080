import { and, eq, lt } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { loginChallenges, users } from '../../db/schema/index.ts';
import { forbidden, invalid, ServiceError } from '../../errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { createSession, deleteSession, type ClientInfo, type NewSession } from '../auth/create-session.ts';
import { clearRateLimit, refundRateLimit } from '../auth/rate-limit.ts';
import { randomSecret, sha256Hex } from '../auth/secrets.ts';
import { parseInput } from '../parse-input.ts';
import { presentUser, type UserView } from '../users/present-user.ts';
import { auditCodeFailure, limitCodeAttempts, useSecondFactor, userActor } from './second-factor.ts';
import { codeInput } from './setup.ts';

/** Long enough to open the authenticator app, short enough that a forgotten tab is no open door. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

export interface LoginChallenge {
  /** The HttpOnly cookie's value; the database keeps its SHA-256. */
  rawId: string;
  expiresAt: Date;
}

/** The password was right and the user has two-factor on: no session yet, only this single-use step. */
export async function createLoginChallenge(ctx: ServiceContext, userId: string): Promise<LoginChallenge> {
  const now = ctx.now();
  const rawId = randomSecret();
  const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_MS);
  await ctx.db.delete(loginChallenges).where(and(eq(loginChallenges.userId, userId), lt(loginChallenges.expiresAt, now)));
  await ctx.db.insert(loginChallenges).values({ idHash: sha256Hex(rawId), userId, expiresAt, createdAt: now });
  return { rawId, expiresAt };
}

const expired = () => new ServiceError('UNAUTHENTICATED', 'Your sign-in has expired: enter your email and password again');

/**
 * The second step of sign-in: a code of the user's authenticator or a recovery code, with the challenge cookie
 * of the first step. The challenge is used up with the session's creation, in one transaction.
 */
export async function completeTwoFactorLogin(
  ctx: ServiceContext,
  rawChallenge: string | null,
  raw: unknown,
  client: ClientInfo & { previousRawSessionId?: string | null } = {},
): Promise<{ session: NewSession; user: UserView }> {
  const { code } = parseInput(codeInput, raw, 'code');
  if (!rawChallenge || rawChallenge.length > 128) throw expired();
  const idHash = sha256Hex(rawChallenge);
  const [challenge] = await ctx.db.select().from(loginChallenges).where(eq(loginChallenges.idHash, idHash));
  if (!challenge || challenge.expiresAt <= ctx.now()) throw expired();
  const userId = challenge.userId;
  await limitCodeAttempts(ctx, userId, client.ip);

  const done = await ctx.db.transaction(async (tx) => {
    const kind = await useSecondFactor(ctx, tx, userId, code);
    if (!kind) return null;
    // Two tabs sending good codes at once: one wins; the other's throw gives its code back.
    const consumed = await tx
      .delete(loginChallenges)
      .where(eq(loginChallenges.idHash, idHash))
      .returning({ idHash: loginChallenges.idHash });
    if (!consumed.length) throw expired();
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user?.active) throw forbidden('This account is deactivated; ask an administrator');
    const actor = await userActor(tx, userId);
    if (kind === 'recovery') {
      await recordAudit(tx, actor, { action: 'two_factor.recovery_code_used', targetType: 'user', targetId: userId }, client);
    }
    await recordAudit(tx, actor, { action: 'auth.signed_in', targetType: 'user', targetId: userId, data: { secondFactor: kind } }, client);
    if (client.previousRawSessionId) await deleteSession(tx, sha256Hex(client.previousRawSessionId));
    return { session: await createSession(ctx, tx, userId, client), user: presentUser(user) };
  });
  if (!done) {
    await auditCodeFailure(ctx, userId, 'sign-in', client);
    throw invalid('code is not correct: enter the current code of your authenticator app or a recovery code', [
      { path: 'code', message: 'incorrect' },
    ]);
  }
  await clearRateLimit(ctx.db, `2fa:user:${userId}`);
  if (client.ip) await refundRateLimit(ctx.db, `2fa:ip:${client.ip}`);
  return done;
}
