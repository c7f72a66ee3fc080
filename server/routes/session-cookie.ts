import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../config.ts';

export const SESSION_COOKIE = 'sb_session';

/** COOKIE_SECURE=auto: Secure when the browser reached us over https (directly or through a TLS-terminating proxy). */
export function isSecureRequest(c: Context, config: Config): boolean {
  if (config.COOKIE_SECURE !== 'auto') return config.COOKIE_SECURE === 'true';
  const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return forwarded === 'https' || new URL(c.req.url).protocol === 'https:';
}

export const readSessionCookie = (c: Context): string | null => getCookie(c, SESSION_COOKIE) || null;

// Browsers cap cookie lifetimes at 400 days (and hono refuses more).
const MAX_COOKIE_SECONDS = 400 * 86_400;

/**
 * HttpOnly (scripts never see it), SameSite=Lax (cross-site POSTs do not carry it). Issued at sign-in and again
 * whenever the server slides the session's expiry, so both end SESSION_TTL_HOURS after the last activity.
 */
export function setSessionCookie(c: Context, config: Config, rawId: string): void {
  setCookie(c, SESSION_COOKIE, rawId, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: isSecureRequest(c, config),
    maxAge: Math.min(config.SESSION_TTL_HOURS * 3600, MAX_COOKIE_SECONDS),
  });
}

export function clearSessionCookie(c: Context, config: Config): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isSecureRequest(c, config) });
}
