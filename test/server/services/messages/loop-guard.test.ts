import { describe, expect, it } from 'vitest';
import { checkLoopGuard } from '../../../../server/services/messages/loop-guard.ts';

const reply = { direction: 'out' as const, automatic: false, answersAutomated: false };

describe('checkLoopGuard', () => {
  it('lets an agent’s reply through, even to an automated message (a person chose to answer it)', () => {
    expect(checkLoopGuard(reply)).toEqual({ ok: true });
    expect(checkLoopGuard({ ...reply, answersAutomated: true })).toEqual({ ok: true });
    expect(checkLoopGuard({ ...reply, automatic: true })).toEqual({ ok: true });
  });

  it('never sends an inbound message back or delivers an internal note', () => {
    expect(checkLoopGuard({ ...reply, direction: 'in' })).toMatchObject({ ok: false, reason: expect.stringContaining('inbound') });
    expect(checkLoopGuard({ ...reply, direction: 'note' })).toMatchObject({ ok: false, reason: expect.stringContaining('note') });
  });

  it('never lets an automatic message answer an automated one', () => {
    expect(checkLoopGuard({ ...reply, automatic: true, answersAutomated: true })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('auto-reply loop'),
    });
  });

  it('never sends to one of our own addresses, whatever the case or spacing', () => {
    const own = ['support@shop.test', 'bot:123'];
    expect(checkLoopGuard({ ...reply, recipient: ' Support@Shop.TEST', ownAddresses: own })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('our own'),
    });
    expect(checkLoopGuard({ ...reply, recipient: 'ann@example.com', ownAddresses: own })).toEqual({ ok: true });
  });
});
