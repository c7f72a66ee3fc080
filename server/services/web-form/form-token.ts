import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.ts';
import { resolveSecretKey } from '../../security/secret-box.ts';

/** How long a contact form, once served, can be sent. */
export const FORM_TOKEN_TTL_MS = 24 * 3_600_000;

const SHAPE = /^f1\.([A-Za-z0-9_-]{22})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/;
const keys = new WeakMap<object, Buffer>();

export type FormTokenCheck = { ok: true; nonce: string } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

/**
 * The hidden token of one served contact form: "f1.<random nonce>.<issued ms>.<HMAC-SHA256>" with a key derived
 * (HKDF) from SECRET_KEY for this purpose only. It proves the form came from this help center, bounds its
 * lifetime, and its nonce names the submission: sending the same form twice (a double click, a reload) is one ticket.
 */
export function formTokens(config: Pick<Config, 'SECRET_KEY' | 'DATA_DIR'>) {
  let key = keys.get(config);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', resolveSecretKey(config.SECRET_KEY, config.DATA_DIR), 'switchboard', 'web form token v1', 32));
    keys.set(config, key);
  }
  const k = key;
  const sign = (body: string) => createHmac('sha256', k).update(body).digest('base64url');
  return {
    issue(now: Date): string {
      const body = `f1.${randomBytes(16).toString('base64url')}.${now.getTime().toString(36)}`;
      return `${body}.${sign(body)}`;
    },
    check(token: unknown, now: Date): FormTokenCheck {
      const m = typeof token === 'string' ? SHAPE.exec(token) : null;
      if (!m) return { ok: false, reason: 'malformed' };
      const [given, expected] = [Buffer.from(m[3]!), Buffer.from(sign((token as string).slice(0, (token as string).lastIndexOf('.'))))];
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
      const age = now.getTime() - parseInt(m[2]!, 36);
      return age < -60_000 || age > FORM_TOKEN_TTL_MS ? { ok: false, reason: 'expired' } : { ok: true, nonce: m[1]! };
    },
  };
}
