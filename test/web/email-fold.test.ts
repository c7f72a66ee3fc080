import { describe, expect, it } from 'vitest';
import { textFoldAt } from '../../web/src/lib/email-fold.ts';

describe('the fold of a plain-text email in the console', () => {
  it('offers nothing to unfold when only whitespace lies past the cut (mail stored before the server stopped cutting there)', () => {
    const text = 'Hello,\n\nthe invoice has no VAT number.\n\nThanks\nCarol\n';
    expect(textFoldAt(text, text.length - 1)).toBeNull();
    expect(textFoldAt(text, text.length)).toBeNull();
    expect(textFoldAt(text, undefined)).toBeNull();
  });

  it('cuts before quoted history and signatures', () => {
    const text = 'Thanks, the new driver fixed it.\n\nOn 03.03.26 09:40, Support wrote:\n> Please install driver 2.1.\n';
    expect(textFoldAt(text, 32)).toBe(32);
    expect(text.slice(0, 32)).toBe('Thanks, the new driver fixed it.');
  });

  it('keeps a mail that is all quote whole', () => {
    expect(textFoldAt('\n> everything quoted', 0)).toBeNull();
  });
});
