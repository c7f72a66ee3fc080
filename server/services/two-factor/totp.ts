import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { sha256Hex } from '../auth/secrets.ts';

const PERIOD = 30;

/** A new 160-bit secret in base32, the form authenticator apps take as text. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

const totp = (secretBase32: string, label = '') =>
  new TOTP({ issuer: 'Switchboard', label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secretBase32) });

/** The otpauth:// address a QR code carries; the label is the user's email so the app lists the account. */
export const totpUri = (secretBase32: string, email: string): string => totp(secretBase32, email).toString();

/**
 * The 30-second step whose code `code` is, within one step either side of `now` (clocks drift), or null.
 * The caller refuses a step at or before the last one accepted, so a seen code is never taken twice.
 */
export function matchTotpStep(secretBase32: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secretBase32).validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / PERIOD) + delta;
}

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten codes like `k7m2p-x9qra`: 50 bits each, easy to read aloud and type. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = [...randomBytes(10)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Case, spaces and dashes do not matter when a recovery code is typed back. */
export const hashRecoveryCode = (code: string): string => sha256Hex(code.toLowerCase().replace(/[\s-]/g, ''));
