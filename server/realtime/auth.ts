import { parse } from 'hono/utils/cookie';
import type { Config } from '../config.ts';
import type { ServiceContext } from '../context.ts';
import type { ServiceErrorCode } from '../errors.ts';
import { resolveSession } from '../services/auth/resolve-session.ts';
import { TWO_FACTOR_SETUP_REQUIRED } from '../services/two-factor/policy.ts';
import { roomsForUser } from './audience.ts';
import type { AgentSocket } from './types.ts';

export const SESSION_COOKIE = 'sb_session';

/** Socket.IO hands `data` to the client's connect_error, so a refusal carries the same code shape as HTTP. */
export function refusal(code: ServiceErrorCode, message: string): Error & { data: { code: ServiceErrorCode; message: string } } {
  return Object.assign(new Error(message), { data: { code, message } });
}

export type OriginPolicy = Pick<Config, 'PUBLIC_URL' | 'TRUST_PROXY'>;

/**
 * Browsers send cookies on cross-site WebSocket handshakes, so a cookie alone does not prove the console opened
 * this socket: the Origin must be this server (or PUBLIC_URL). X-Forwarded-Host names this server only when our own
 * proxy set it (TRUST_PROXY=true); otherwise any client could claim its Origin's host through it.
 */
export function sameOrigin(headers: Record<string, string | string[] | undefined>, policy: OriginPolicy): boolean {
  const origin = headers.origin;
  if (!origin || typeof origin !== 'string') return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  const forwarded = policy.TRUST_PROXY === 'true' ? headers['x-forwarded-host'] : undefined;
  const allowed = [forwarded, headers.host, policy.PUBLIC_URL ? new URL(policy.PUBLIC_URL).host : undefined];
  return allowed.some((h) => typeof h === 'string' && h.split(',')[0]!.trim() === host);
}

export function sessionCookie(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  return parse(cookieHeader, SESSION_COOKIE)[SESSION_COOKIE] ?? null;
}

/** The /agents namespace middleware: a console session cookie or nothing. */
export interface Admission {
  rawSession: string;
  /** Computed before the connection completes, so no event slips by between "connected" and "in its rooms". */
  rooms: string[];
}

export function authenticateSocket(ctx: ServiceContext, admissions: WeakMap<AgentSocket, Admission>) {
  return async (socket: AgentSocket, next: (err?: Error) => void) => {
    try {
      if (!sameOrigin(socket.handshake.headers, ctx.config)) {
        return next(refusal('FORBIDDEN', 'Cross-origin connection refused'));
      }
      const raw = sessionCookie(socket.handshake.headers.cookie);
      const session = raw ? await resolveSession(ctx, raw) : null;
      if (!raw || !session) return next(refusal('UNAUTHENTICATED', 'Sign in first: no valid session'));
      if (session.twoFactorSetupRequired) return next(refusal('FORBIDDEN', TWO_FACTOR_SETUP_REQUIRED));
      socket.data = { actor: session.actor, user: session.user, sessionId: session.sessionId };
      admissions.set(socket, { rawSession: raw, rooms: await roomsForUser(ctx.db, socket.data) });
      next();
    } catch (err) {
      ctx.log.error({ err }, 'socket authentication failed');
      next(refusal('UNAVAILABLE', 'Could not check the session; try again'));
    }
  };
}
