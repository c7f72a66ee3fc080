import { describe, expect, it } from 'vitest';
import { signatureHeader, verifySignature } from '../../../../server/services/webhooks/sign.ts';
import { checkWebhookUrl, isPrivateAddress } from '../../../../server/services/webhooks/url-policy.ts';
import { verify } from '../../../support/webhook-receiver.ts';

describe('webhook URLs (SSRF guard)', () => {
  it('refuses loopback, private, link-local and metadata addresses unless private URLs are allowed', () => {
    for (const url of [
      'http://127.0.0.1:8080/x',
      'http://localhost/x',
      'http://10.1.2.3/',
      'http://192.168.1.10/',
      'http://172.20.0.1/',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/',
      'http://[fd00::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://0.0.0.0/',
    ]) {
      expect(() => checkWebhookUrl(url, false), url).toThrow(/private and loopback/);
      expect(checkWebhookUrl(url, true), url).toMatch(/^http:/);
    }
    expect(checkWebhookUrl('https://hooks.example.com/a?b=1', false)).toBe('https://hooks.example.com/a?b=1');
    expect(checkWebhookUrl('http://93.184.216.34/', false)).toBe('http://93.184.216.34/');
    expect(() => checkWebhookUrl('file:///etc/passwd', true)).toThrow(/only http/);
    expect(() => checkWebhookUrl('gopher://x/', true)).toThrow(/only http/);
    expect(isPrivateAddress('8.8.8.8')).toBe(false);
    expect(isPrivateAddress('2001:4860:4860::8888')).toBe(false);
    expect(isPrivateAddress('fe80::1')).toBe(true);
  });
});

describe('signature', () => {
  const body = JSON.stringify({ version: 1, ticket: { subject: '退款 "now"' } });
  const at = new Date('2026-12-07T12:00:00Z');
  it('is t=<seconds>,v1=<hex HMAC-SHA256 over "t.body">, verified by the README recipe within 5 minutes only', () => {
    const header = signatureHeader('whsec_abc', body, at);
    expect(header).toMatch(/^t=1796644800,v1=[0-9a-f]{64}$/);
    expect(verifySignature('whsec_abc', body, header, at)).toBe(true);
    expect(verify('whsec_abc', body, header, at.getTime() + 299_000)).toBe(true);
    expect(verify('whsec_abc', body, header, at.getTime() + 301_000)).toBe(false);
    expect(verify('whsec_abd', body, header, at.getTime())).toBe(false);
    expect(verify('whsec_abc', body.replace('now', 'nov'), header, at.getTime())).toBe(false);
    expect(verifySignature('whsec_abc', body, header, new Date(at.getTime() - 400_000))).toBe(false);
  });
});
