import { describe, expect, it } from 'vitest';
import { isFinal, stopsReconnecting } from '../../../../channels/widget/client/src/lib/refusal.ts';

describe('how the widget reads a refusal', () => {
  it('stops reconnecting for an unknown chat, a disallowed site or a switched-off chat, not for a stale token or a busy server', () => {
    expect(stopsReconnecting({ code: 'NOT_FOUND', message: 'No chat widget inbox x' })).toBe(true);
    expect(stopsReconnecting({ code: 'FORBIDDEN', message: 'This chat is switched off', details: { reason: 'INBOX_DISABLED' } })).toBe(
      true,
    );
    expect(
      stopsReconnecting({ code: 'FORBIDDEN', message: 'This chat may not be embedded on x', details: { reason: 'ORIGIN_NOT_ALLOWED' } }),
    ).toBe(true);
    expect(stopsReconnecting({ code: 'FORBIDDEN', message: 'A valid visitor token is required' })).toBe(false);
    expect(stopsReconnecting({ code: 'RATE_LIMITED', message: 'Too many connections', retryAfterMs: 500 })).toBe(false);
    expect(stopsReconnecting(undefined)).toBe(false);
  });

  it('gives up on a message only when a resend cannot change the answer', () => {
    expect(isFinal({ code: 'PAYLOAD_TOO_LARGE', message: 'file: too large' })).toBe(true);
    expect(isFinal({ code: 'FORBIDDEN', message: 'This chat is switched off', details: { reason: 'INBOX_DISABLED' } })).toBe(true);
    expect(isFinal({ code: 'UNAVAILABLE', message: 'nothing was saved' })).toBe(false);
    expect(isFinal({ code: 'INTERNAL', message: 'Internal error (request 1)' })).toBe(false);
  });
});
