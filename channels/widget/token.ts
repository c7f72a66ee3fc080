import { createHmac, hkdfSync, randomUUID, timingSafeEqual } from 'node:crypto';
import type { ServiceContext } from '../../server/context.ts';
import { resolveSecretKey } from '../../server/security/secret-box.ts';

/**
 * Visitor tokens: "v1.<inboxId>.<visitorId>.<HMAC-SHA256>". The HMAC key is derived (HKDF) from SECRET_KEY for
 * this purpose only, so it is never the key that seals stored secrets. A token names one inbox: presented to
 * another inbox, or altered in any character, it is refused.
 */
export interface VisitorTokens {
  issue(inboxId: string, visitorId?: string): { token: string; visitorId: string };
  /** The visitor id, or null for a forged, altered or other-inbox token. */
  verify(token: string | undefined, inboxId: string): string | null;
  /** The inbox and visitor of a token presented without an inbox (HTTP attachment calls). */
  parse(token: string | undefined): { inboxId: string; visitorId: string } | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function visitorTokens(ctx: Pick<ServiceContext, 'config'>): VisitorTokens {
  const master = resolveSecretKey(ctx.config.SECRET_KEY, ctx.config.DATA_DIR);
  const key = Buffer.from(hkdfSync('sha256', master, 'switchboard', 'widget visitor token v1', 32));
  const sign = (inboxId: string, visitorId: string) => createHmac('sha256', key).update(`v1.${inboxId}.${visitorId}`).digest('base64url');

  const parse = (token: string | undefined) => {
    if (!token || token.length > 200) return null;
    const [version, inboxId, visitorId, sig] = token.split('.');
    if (version !== 'v1' || !inboxId || !visitorId || !sig || !UUID.test(inboxId) || !UUID.test(visitorId)) return null;
    const expected = Buffer.from(sign(inboxId, visitorId));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { inboxId, visitorId };
  };

  return {
    issue(inboxId, visitorId = randomUUID()) {
      return { token: `v1.${inboxId}.${visitorId}.${sign(inboxId, visitorId)}`, visitorId };
    },
    verify(token, inboxId) {
      const p = parse(token);
      return p && p.inboxId === inboxId ? p.visitorId : null;
    },
    parse,
  };
}
