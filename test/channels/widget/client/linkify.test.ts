import { describe, expect, it } from 'vitest';
import { linkify } from '../../../../channels/widget/client/src/lib/linkify.ts';

describe('making links clickable without parsing HTML', () => {
  it('keeps markup as plain text segments', () => {
    const hostile = '<img src=x onerror=alert(1)> <a href="javascript:alert(1)">x</a>';
    expect(linkify(hostile)).toEqual([{ kind: 'text', text: hostile }]);
  });

  it('links http(s) and www addresses, leaving sentence punctuation outside', () => {
    expect(linkify('See https://example.com/track?id=4411. Or www.acme.cn/help, thanks!')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.com/track?id=4411', href: 'https://example.com/track?id=4411' },
      { kind: 'text', text: '. Or ' },
      { kind: 'link', text: 'www.acme.cn/help', href: 'https://www.acme.cn/help' },
      { kind: 'text', text: ', thanks!' },
    ]);
  });

  it('keeps a closing parenthesis that belongs to the link, and stops at Chinese punctuation', () => {
    expect(linkify('(see https://en.wikipedia.org/wiki/Tea_(drink))').map((s) => s.text)).toEqual([
      '(see ',
      'https://en.wikipedia.org/wiki/Tea_(drink)',
      ')',
    ]);
    expect(linkify('请看https://example.cn/订单，谢谢').map((s) => s.kind)).toEqual(['text', 'link', 'text']);
    expect(linkify('请看https://example.cn/订单，谢谢')[1]!.text).toBe('https://example.cn/订单');
  });

  it("never links other schemes, and a link's href cannot smuggle quotes or markup", () => {
    expect(linkify('javascript:alert(1) data:text/html,<b>x</b>').every((s) => s.kind === 'text')).toBe(true);
    const [link] = linkify('https://evil.example/"><script>').filter((s) => s.kind === 'link');
    expect(link).toEqual({ kind: 'link', text: 'https://evil.example/', href: 'https://evil.example/' });
  });
});
