import { describe, expect, it } from 'vitest';
import { sameOrigin } from '../../../server/realtime/auth.ts';

const direct = { TRUST_PROXY: 'false', PUBLIC_URL: undefined } as const;
const proxied = { TRUST_PROXY: 'true', PUBLIC_URL: undefined } as const;

describe('sameOrigin', () => {
  it('accepts the Host the browser connected to and PUBLIC_URL', () => {
    expect(sameOrigin({ origin: 'http://desk.local:3000', host: 'desk.local:3000' }, direct)).toBe(true);
    const policy = { TRUST_PROXY: 'false', PUBLIC_URL: 'https://help.example.com' } as const;
    expect(sameOrigin({ origin: 'https://help.example.com', host: '10.0.0.5:3000' }, policy)).toBe(true);
  });

  it('ignores X-Forwarded-Host unless TRUST_PROXY is true', () => {
    const headers = { origin: 'https://evil.example', host: 'desk.local:3000', 'x-forwarded-host': 'evil.example' };
    expect(sameOrigin(headers, direct)).toBe(false);
    expect(sameOrigin(headers, proxied)).toBe(true);
  });

  it('refuses an Origin that is not a URL', () => {
    expect(sameOrigin({ origin: 'not a url', host: 'desk.local' }, direct)).toBe(false);
  });
});
