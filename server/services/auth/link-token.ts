import type { ServiceContext } from '../../context.ts';
import { isUuid } from '../is-uuid.ts';
import { safeEqual, sha256Hex } from './secrets.ts';

export type LinkPurpose = 'password-reset' | 'invitation';

/**
 * The token in a mailed link: the row id and an HMAC of (purpose, id, version) under SECRET_KEY. The mail job
 * re-derives it from the row, so the raw token is stored nowhere; the row keeps its SHA-256 to know the live one.
 */
export function linkToken(ctx: ServiceContext, purpose: LinkPurpose, id: string, version = 1): { token: string; hash: string } {
  // No dot in it: the console's static handler answers a path ending in ".<word>" as a missing file.
  const token = `${id}_${ctx.secrets.sign(`${purpose}:${id}:${version}`)}`;
  return { token, hash: sha256Hex(token) };
}

/** The row id a token names (null when malformed); the row is then checked with `matchesLinkToken`. */
export function linkTokenId(token: string): string | null {
  const id = token.slice(0, 36);
  const sig = token.slice(37);
  return token[36] === '_' && isUuid(id) && /^[\w-]{16,64}$/.test(sig) ? id.toLowerCase() : null;
}

export const matchesLinkToken = (token: string, storedHash: string): boolean => safeEqual(sha256Hex(token), storedHash);
