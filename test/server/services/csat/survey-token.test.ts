import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../server/config.ts';
import { CSAT_SURVEY_TTL_MS, surveyTokens } from '../../../../server/services/csat/survey-token.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-csat-token-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const config = loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 'csat-token-test-secret-key-0123456789' });
const other = loadConfig({ DATA_DIR: dataDir, SECRET_KEY: 'another-secret-key-another-secret-key-01' });
const tokens = surveyTokens(config);
const ticketId = '0b6f3c1e-9d2a-4f5b-8c7d-112233445566';
const resolvedAt = new Date('2026-03-01T10:00:00.123Z');
const day = 86_400_000;

describe('CSAT survey tokens', () => {
  it('name the ticket and the resolution, and stay valid until 14 days after it', () => {
    const token = tokens.issue(ticketId, resolvedAt);
    expect(token.length).toBeLessThan(120);
    expect(token).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(tokens.check(token, new Date(resolvedAt.getTime() + 13 * day))).toEqual({
      ok: true,
      claim: { ticketId, resolvedAt, expiresAt: new Date(resolvedAt.getTime() + CSAT_SURVEY_TTL_MS) },
    });
  });

  it('are refused as expired once the validity has passed', () => {
    const token = tokens.issue(ticketId, resolvedAt);
    expect(tokens.check(token, new Date(resolvedAt.getTime() + CSAT_SURVEY_TTL_MS))).toMatchObject({ ok: false, reason: 'expired' });
    expect(tokens.check(tokens.issue(ticketId, resolvedAt, 60_000), new Date(resolvedAt.getTime() + 61_000))).toMatchObject({
      ok: false,
      reason: 'expired',
    });
  });

  it('are refused as forged when signed with another key, or when the ticket, resolution or expiry is altered', () => {
    const token = tokens.issue(ticketId, resolvedAt);
    const now = resolvedAt;
    expect(tokens.check(surveyTokens(other).issue(ticketId, resolvedAt), now)).toEqual({ ok: false, reason: 'forged' });
    const [v, id, at, exp, sig] = token.split('.') as [string, string, string, string, string];
    const otherTicket = tokens.issue('99999999-9d2a-4f5b-8c7d-112233445566', resolvedAt).split('.')[1]!;
    expect(tokens.check([v, otherTicket, at, exp, sig].join('.'), now)).toEqual({ ok: false, reason: 'forged' });
    expect(tokens.check([v, id, (parseInt(at, 36) + 1).toString(36), exp, sig].join('.'), now)).toEqual({ ok: false, reason: 'forged' });
    // A stretched expiry is forged, not merely "expired" or "valid".
    const later = (parseInt(exp, 36) + 365 * day).toString(36);
    expect(tokens.check([v, id, at, later, sig].join('.'), new Date(resolvedAt.getTime() + 20 * day))).toEqual({
      ok: false,
      reason: 'forged',
    });
    const flipped = sig.slice(0, -1) + (sig.endsWith('A') ? 'B' : 'A');
    expect(tokens.check([v, id, at, exp, flipped].join('.'), now)).toEqual({ ok: false, reason: 'forged' });
  });

  it('are refused as malformed when they are not a token at all', () => {
    const token = tokens.issue(ticketId, resolvedAt);
    for (const bad of [
      '',
      'abc',
      token.replace(/^s1/, 's2'),
      token.slice(0, -1),
      `${token}.x`,
      token.replace(/\./g, '_'),
      'x'.repeat(500),
    ]) {
      expect(tokens.check(bad, resolvedAt)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('have a compact form that fits a Telegram button (64 bytes with the rating) and expires 14 days after the resolution', () => {
    const token = tokens.issueCompact(ticketId, resolvedAt);
    expect(Buffer.byteLength(`${token}:5`)).toBeLessThanOrEqual(64);
    expect(Buffer.byteLength(`${tokens.issueCompact(ticketId, new Date('2099-12-31T23:59:59.999Z'))}:5`)).toBeLessThanOrEqual(64);
    const expiresAt = new Date(resolvedAt.getTime() + CSAT_SURVEY_TTL_MS);
    expect(tokens.check(token, new Date(resolvedAt.getTime() + 13 * day))).toEqual({
      ok: true,
      claim: { ticketId, resolvedAt, expiresAt },
    });
    expect(tokens.check(token, expiresAt)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('refuse an altered or foreign compact token as forged', () => {
    const token = tokens.issueCompact(ticketId, resolvedAt);
    const [v, id, at, tag] = token.split('.') as [string, string, string, string];
    expect(tokens.check(surveyTokens(other).issueCompact(ticketId, resolvedAt), resolvedAt)).toEqual({ ok: false, reason: 'forged' });
    const otherTicket = tokens.issueCompact('99999999-9d2a-4f5b-8c7d-112233445566', resolvedAt).split('.')[1]!;
    expect(tokens.check([v, otherTicket, at, tag].join('.'), resolvedAt)).toEqual({ ok: false, reason: 'forged' });
    // Another resolution's time under this tag: a button cannot be re-aimed at another resolution.
    expect(tokens.check([v, id, (parseInt(at, 36) - 1).toString(36), tag].join('.'), resolvedAt)).toEqual({ ok: false, reason: 'forged' });
    // The long form's tag cut short is no compact tag: the prefixes keep the two forms apart.
    const long = tokens.issue(ticketId, resolvedAt).split('.')[4]!;
    expect(tokens.check([v, id, at, long.slice(0, 22)].join('.'), resolvedAt)).toEqual({ ok: false, reason: 'forged' });
    expect(tokens.check(`${token}x`, resolvedAt)).toEqual({ ok: false, reason: 'malformed' });
  });
});
