import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Switchboard-Signature';
export const EVENT_HEADER = 'X-Switchboard-Event';
export const DELIVERY_HEADER = 'X-Switchboard-Delivery';
/** A receiver should refuse a signature whose timestamp is further than this from its own clock (replays). */
export const REPLAY_WINDOW_SECONDS = 5 * 60;

/** A new subscription secret: 32 random bytes, prefixed so it is recognisable in a receiver's configuration. */
export const generateWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

const hmac = (secret: string, timestamp: number, body: string) =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`, as sent in X-Switchboard-Signature. */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${hmac(secret, t, body)}`;
}

/** What a receiver does (README "Webhooks"): recompute, compare in constant time, refuse old timestamps. */
export function verifySignature(secret: string, body: string, header: string, now: Date, windowSeconds = REPLAY_WINDOW_SECONDS): boolean {
  const parts = new Map(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const given = Buffer.from(parts.get('v1') ?? '', 'hex');
  if (!Number.isInteger(t) || Math.abs(now.getTime() / 1000 - t) > windowSeconds) return false;
  const expected = Buffer.from(hmac(secret, t, body), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
