import { describe, expect, it } from 'vitest';
import { parseMentions } from '../../../../server/services/notifications/mentions.ts';

const people = [
  { userId: 'u1', name: 'Lina' },
  { userId: 'u2', name: 'Lina Wang' },
  { userId: 'u3', name: '王芳' },
  { userId: 'u4', name: 'Bob' },
];
const ids = (text: string) => parseMentions(text, people).map((m) => m.userId);

describe('parseMentions', () => {
  it('takes the longest name after "@", so "@Lina Wang" is not Lina', () => {
    expect(ids('@Lina Wang please call back')).toEqual(['u2']);
    expect(ids('@Lina please call back')).toEqual(['u1']);
  });

  it('finds Chinese names in running Chinese text, with no spaces around', () => {
    expect(ids('请@王芳看一下这个退款')).toEqual(['u3']);
    expect(ids('@王芳，谢谢')).toEqual(['u3']);
  });

  it('is case-insensitive, lists each person once in order, and keeps the stored spelling', () => {
    expect(parseMentions('@bob and @lina, then @Bob again', people)).toEqual([
      { userId: 'u4', name: 'Bob' },
      { userId: 'u1', name: 'Lina' },
    ]);
  });

  it('ignores email addresses, names running into a longer word, and unknown names', () => {
    expect(ids('write to lina@example.com or bob@shop.test')).toEqual([]);
    expect(ids('@Linabelle and @Bobby')).toEqual([]);
    expect(ids('@Nobody here, just an @ sign')).toEqual([]);
  });
});
