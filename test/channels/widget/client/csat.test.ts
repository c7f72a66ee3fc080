import { describe, expect, it } from 'vitest';
import type { WidgetCsatRequest } from '../../../../channels/widget/protocol.ts';
import { answered, requested, submitted, type CsatCard } from '../../../../channels/widget/client/src/lib/csat.ts';

const NOW = Date.parse('2025-03-10T12:00:00Z');
const survey = (over: Partial<WidgetCsatRequest> = {}): WidgetCsatRequest => ({
  ticketId: 't-1',
  resolvedAt: '2025-03-10T11:00:00.000Z',
  token: 's1.first',
  expiresAt: '2025-03-24T11:00:00.000Z',
  ...over,
});
const refused = (code: 'CONFLICT' | 'GONE' | 'RATE_LIMITED' | 'VALIDATION', message = `refused: ${code}`) => ({
  ok: false as const,
  error: { code, message },
});

describe("the widget's rating card", () => {
  it('asks for a new survey and leaves out one that has expired', () => {
    expect(requested(null, survey(), NOW)).toEqual({ request: survey(), state: 'ask' });
    expect(requested(null, survey({ expiresAt: '2025-03-10T11:59:59.000Z' }), NOW)).toBeNull();
  });

  it('keeps what the customer did when the same survey is asked again after a reconnect', () => {
    const sending: CsatCard = { request: survey(), state: 'sending' };
    expect(requested(sending, survey({ token: 's1.reissued' }), NOW)).toEqual({
      request: survey({ token: 's1.reissued' }),
      state: 'sending',
    });
    const thanked: CsatCard = { request: survey(), state: 'thanks' };
    expect(requested(thanked, survey(), NOW)).toEqual(thanked);
  });

  it('asks again, from scratch, after the ticket was reopened and resolved again', () => {
    const thanked: CsatCard = { request: survey(), state: 'thanks' };
    const next = survey({ resolvedAt: '2025-03-10T11:30:00.000Z', token: 's1.second' });
    expect(requested(thanked, next, NOW)).toEqual({ request: next, state: 'ask' });
  });

  it('thanks the customer once the server took the answer, in whichever tab it was given', () => {
    const asking: CsatCard = { request: survey(), state: 'sending' };
    expect(submitted(asking, { ok: true, data: { ticketId: 't-1', rating: 4, comment: 'Quick' } }, 'generic')).toEqual({
      request: survey(),
      state: 'thanks',
    });
    expect(answered({ request: survey(), state: 'ask', error: 'old' }, { ticketId: 't-1', rating: 4, comment: null })).toEqual({
      request: survey(),
      state: 'thanks',
    });
    expect(answered(null, { ticketId: 't-1', rating: 4, comment: null })).toBeNull();
    const other: CsatCard = { request: survey({ ticketId: 't-2' }), state: 'ask' };
    expect(answered(other, { ticketId: 't-1', rating: 4, comment: null })).toBe(other);
  });

  it('says a survey answered elsewhere is already answered, and drops one that is gone', () => {
    const asking: CsatCard = { request: survey(), state: 'sending' };
    expect(submitted(asking, refused('CONFLICT'), 'generic')).toEqual({ request: survey(), state: 'answered' });
    expect(submitted(asking, refused('GONE'), 'generic')).toBeNull();
  });

  it('shows any other refusal, or a missing ack, and lets the customer try again', () => {
    const asking: CsatCard = { request: survey(), state: 'sending' };
    expect(submitted(asking, refused('RATE_LIMITED', 'Too many survey answers, try again in a minute'), 'Something went wrong.')).toEqual({
      request: survey(),
      state: 'ask',
      error: 'Too many survey answers, try again in a minute',
    });
    expect(submitted(asking, null, 'Something went wrong.')).toEqual({ request: survey(), state: 'ask', error: 'Something went wrong.' });
  });
});
