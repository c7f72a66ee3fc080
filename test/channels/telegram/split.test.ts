import { describe, expect, it } from 'vitest';
import { splitText } from '../../../channels/telegram/split.ts';

describe('splitText', () => {
  it('leaves a short text whole and drops an empty one', () => {
    expect(splitText('  Hello  ')).toEqual(['Hello']);
    expect(splitText('   ')).toEqual([]);
  });

  it('prefers a paragraph break, then a line, then a space', () => {
    expect(splitText(`${'a'.repeat(6)}\n\n${'b'.repeat(3)} ${'c'.repeat(3)}`, 10)).toEqual(['aaaaaa', 'bbb ccc']);
    expect(splitText(`${'a'.repeat(6)}\n${'b'.repeat(6)}`, 10)).toEqual(['aaaaaa', 'bbbbbb']);
    expect(splitText('aaaa bbbb cccc', 10)).toEqual(['aaaa bbbb', 'cccc']);
  });

  it('cuts a text without spaces at the limit but never through an emoji', () => {
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    const parts = splitText(`${'x'.repeat(9)}😀${'y'.repeat(5)}`, 10);
    expect(parts).toEqual(['x'.repeat(9), `😀${'y'.repeat(5)}`]);
    for (const p of splitText('😀'.repeat(3000))) expect(p.length).toBeLessThanOrEqual(4096);
    expect(splitText('😀'.repeat(3000)).join('')).toBe('😀'.repeat(3000));
  });
});
