import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../config.ts';
import { CHALLENGE_TTL_MS } from '../services/two-factor/login-challenge.ts';
import { isSecureRequest } from './session-cookie.ts';

/** Links sign-in's password step to its code step; HttpOnly and sent only to /api/auth. */
const CHALLENGE_COOKIE = 'sb_2fa';
const options = (c: Context, config: Config) =>
  ({ httpOnly: true, sameSite: 'Strict', path: '/api/auth', secure: isSecureRequest(c, config) }) as const;

export const readChallengeCookie = (c: Context): string | null => getCookie(c, CHALLENGE_COOKIE) || null;

export function setChallengeCookie(c: Context, config: Config, rawId: string): void {
  setCookie(c, CHALLENGE_COOKIE, rawId, { ...options(c, config), maxAge: CHALLENGE_TTL_MS / 1000 });
}

export function clearChallengeCookie(c: Context, config: Config): void {
  deleteCookie(c, CHALLENGE_COOKIE, options(c, config));
}
