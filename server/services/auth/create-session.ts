import { and, eq, lt, ne } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { sessions } from '../../db/schema/index.ts';
import { randomSecret, sha256Hex } from './secrets.ts';

export interface ClientInfo {
  ip?: string | null;
  userAgent?: string | null;
}

export interface NewSession {
  /** The cookie value; exists only here and in the browser (the database keeps its SHA-256). */
  rawId: string;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

/** A fresh random session id for `userId`; never one the client chose (session fixation). */
export async function createSession(ctx: ServiceContext, db: DbOrTx, userId: string, client: ClientInfo = {}): Promise<NewSession> {
  const now = ctx.now();
  const rawId = randomSecret();
  const sessionId = sha256Hex(rawId);
  const csrfToken = randomSecret();
  const expiresAt = new Date(now.getTime() + ctx.config.SESSION_TTL_HOURS * 3_600_000);
  await db.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, now)));
  await db.insert(sessions).values({
    idHash: sessionId,
    userId,
    csrfToken,
    ip: client.ip?.slice(0, 100) ?? null,
    userAgent: client.userAgent?.slice(0, 500) ?? null,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
  });
  return { rawId, sessionId, csrfToken, expiresAt };
}

/** Ends one session by its database key (`ResolvedSession.sessionId`). */
export async function deleteSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, sessionId));
}

/** Signs a user out everywhere, optionally keeping the session making the request. */
export async function deleteUserSessions(db: DbOrTx, userId: string, keepSessionId?: string | null): Promise<void> {
  const others = keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.idHash, keepSessionId)) : eq(sessions.userId, userId);
  await db.delete(sessions).where(others);
}
