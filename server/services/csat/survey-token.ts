import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.ts';
import { resolveSecretKey } from '../../security/secret-box.ts';

/** How long a survey link (email, widget) can be answered, counted from the resolution it asks about. */
export const CSAT_SURVEY_TTL_MS = 14 * 24 * 3_600_000;

export const surveyExpiresAt = (resolvedAt: Date, ttlMs = CSAT_SURVEY_TTL_MS) => new Date(resolvedAt.getTime() + ttlMs);

/** What a valid token names: one resolution of one ticket, answerable until `expiresAt`. */
export interface SurveyClaim {
  ticketId: string;
  resolvedAt: Date;
  expiresAt: Date;
}

export type SurveyTokenCheck =
  { ok: true; claim: SurveyClaim } | { ok: false; reason: 'malformed' | 'forged' | 'expired'; claim?: SurveyClaim };

export interface SurveyTokens {
  issue(ticketId: string, resolvedAt: Date, ttlMs?: number): string;
  /** The compact form for Telegram's 64-byte callback data: no expiry field, it expires CSAT_SURVEY_TTL_MS after the resolution. */
  issueCompact(ticketId: string, resolvedAt: Date): string;
  check(token: string, now: Date): SurveyTokenCheck;
}

const HEX_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHAPE = /^s1\.([A-Za-z0-9_-]{22})\.([0-9a-z]{1,12})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/;
/** "c1.<ticket id>.<resolvedAt ms>.<first 128 bits of the HMAC>": 57 characters until 2059 (base-36 ms grows a digit). */
export const COMPACT_TOKEN = /^c1\.([A-Za-z0-9_-]{22})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{22})$/;
const COMPACT_TAG_BYTES = 16;

const packUuid = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex').toString('base64url');
const unpackUuid = (b64: string) => {
  const hex = Buffer.from(b64, 'base64url').toString('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  return HEX_UUID.test(id) ? id : null;
};

const keys = new WeakMap<object, Buffer>();

/**
 * Survey tokens: "s1.<ticket id>.<resolvedAt ms>.<expiry ms>.<HMAC-SHA256>", short enough for a mail link.
 * The HMAC key is derived (HKDF) from SECRET_KEY for this purpose only, like the widget's visitor tokens.
 * The signature is checked (in constant time) before the expiry, so a forged token never reads as "expired".
 * The compact form (Telegram buttons) signs "c1.<ticket>.<resolvedAt>" with the same key: the prefix keeps the forms apart.
 */
export function surveyTokens(config: Pick<Config, 'SECRET_KEY' | 'DATA_DIR'>): SurveyTokens {
  let key = keys.get(config);
  if (!key) {
    const master = resolveSecretKey(config.SECRET_KEY, config.DATA_DIR);
    key = Buffer.from(hkdfSync('sha256', master, 'switchboard', 'csat survey token v1', 32));
    keys.set(config, key);
  }
  const k = key;
  const mac = (body: string) => createHmac('sha256', k).update(body).digest();
  const sign = (body: string) => mac(body).toString('base64url');
  // A 128-bit tag: a forger's every guess (a Telegram callback each) succeeds with probability 2^-128.
  const signCompact = (body: string) => mac(body).subarray(0, COMPACT_TAG_BYTES).toString('base64url');
  const same = (given: string, expected: string) => {
    const [a, b] = [Buffer.from(given), Buffer.from(expected)];
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const verdict = (claim: SurveyClaim, now: Date): SurveyTokenCheck =>
    now.getTime() >= claim.expiresAt.getTime() ? { ok: false, reason: 'expired', claim } : { ok: true, claim };

  return {
    issue(ticketId, resolvedAt, ttlMs = CSAT_SURVEY_TTL_MS) {
      const body = `s1.${packUuid(ticketId)}.${resolvedAt.getTime().toString(36)}.${surveyExpiresAt(resolvedAt, ttlMs).getTime().toString(36)}`;
      return `${body}.${sign(body)}`;
    },
    issueCompact(ticketId, resolvedAt) {
      const body = `c1.${packUuid(ticketId)}.${resolvedAt.getTime().toString(36)}`;
      return `${body}.${signCompact(body)}`;
    },
    check(token, now) {
      const ok = typeof token === 'string' && token.length <= 200;
      const compact = ok ? COMPACT_TOKEN.exec(token) : null;
      const m = ok && !compact ? SHAPE.exec(token) : null;
      const ticketId = compact ? unpackUuid(compact[1]!) : m ? unpackUuid(m[1]!) : null;
      if (!ticketId) return { ok: false, reason: 'malformed' };
      const body = token.slice(0, token.lastIndexOf('.'));
      if (compact) {
        if (!same(compact[3]!, signCompact(body))) return { ok: false, reason: 'forged' };
        const resolvedAt = new Date(parseInt(compact[2]!, 36));
        return verdict({ ticketId, resolvedAt, expiresAt: surveyExpiresAt(resolvedAt) }, now);
      }
      if (!same(m![4]!, sign(body))) return { ok: false, reason: 'forged' };
      return verdict({ ticketId, resolvedAt: new Date(parseInt(m![2]!, 36)), expiresAt: new Date(parseInt(m![3]!, 36)) }, now);
    },
  };
}
