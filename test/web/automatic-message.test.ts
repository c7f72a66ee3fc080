import { describe, expect, it } from 'vitest';
import { isAutomatic } from '../../web/src/lib/automatic-message.ts';

describe('automatic messages in the console', () => {
  it('marks what a machine sent in, not a person writing, nor our own automatic mail going out', () => {
    expect(isAutomatic({ direction: 'in', meta: { automated: true, email: { noise: 'auto-reply' } } })).toBe(true);
    expect(isAutomatic({ direction: 'in', meta: { email: { noise: null } } })).toBe(false);
    expect(isAutomatic({ direction: 'out', meta: { automatic: true, automaticKind: 'acknowledgement' } })).toBe(false);
  });
});
