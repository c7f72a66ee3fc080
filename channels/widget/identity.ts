import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WidgetIdentityClaim } from './protocol.ts';

/** The host site's claim, checked: `verified` only when the hash is the HMAC of the user id with the inbox's secret. */
export interface CheckedIdentity {
  userId: string;
  verified: boolean;
  name: string | null;
  /** Only from a verified claim: an unverified email is never stored, shown or merged on. */
  email: string | null;
}

export function identityHash(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId).digest('hex');
}

export function checkIdentity(claim: WidgetIdentityClaim | undefined, secret: string | null): CheckedIdentity | null {
  if (!claim) return null;
  const expected = secret ? Buffer.from(identityHash(secret, claim.userId)) : null;
  const given = Buffer.from((claim.hash ?? '').toLowerCase());
  const verified = !!expected && given.length === expected.length && timingSafeEqual(given, expected);
  return { userId: claim.userId, verified, name: claim.name ?? null, email: verified ? (claim.email?.toLowerCase() ?? null) : null };
}
