import { describe, expect, it } from 'vitest';
import { renderReply } from '../../../../server/services/messages/markdown.ts';

describe('renderReply: an agent’s Markdown as HTML and plain text', () => {
  it('keeps a reply without formatting a plain message (no HTML part), line breaks as typed', () => {
    expect(renderReply('Hello Ann,\nthanks!\n\nBest, Lina')).toEqual({ text: 'Hello Ann,\nthanks!\n\nBest, Lina', html: null });
    expect(renderReply('a & b < c, 1. not a list?')).toEqual({ text: 'a & b < c, 1. not a list?', html: null });
    expect(renderReply('你好，\n请重启路由器。')).toEqual({ text: '你好，\n请重启路由器。', html: null });
  });

  it('turns formatting into sanitized HTML and readable text: emphasis, lists, links, code, headings', () => {
    const r = renderReply(
      '# Steps\n\n1. **Unplug** it\n2. Wait _ten_ seconds\n\nSee [the guide](https://help.example/reset) or `reset --hard`.',
    );
    expect(r.html).toContain('<h1>Steps</h1>');
    expect(r.html).toContain('<ol>\n<li><strong>Unplug</strong> it</li>');
    expect(r.html).toContain('<a href="https://help.example/reset" target="_blank" rel="noopener noreferrer nofollow">the guide</a>');
    expect(r.html).toContain('<code>reset --hard</code>');
    expect(r.text).toBe('Steps\n\n1. Unplug it\n2. Wait ten seconds\n\nSee the guide (https://help.example/reset) or reset --hard.');
  });

  it('keeps text with hand-typed tags exactly as typed, as plain text, and shows a mail link by its address', () => {
    const typed = '**Hi** <img src=x onerror="alert(1)"><script>alert(2)</script>';
    expect(renderReply(typed)).toEqual({ text: typed, html: null });
    const r = renderReply(
      '**Hi**, [mail me](mailto:lina@shop.example) or [click](javascript:alert(1)) ![pixel](https://track.example/p.gif)',
    );
    expect(r.html).not.toMatch(/javascript|<img|track\.example\/p\.gif"/);
    expect(r.text).toBe('Hi, mail me (lina@shop.example) or click (javascript:alert(1)) pixel (https://track.example/p.gif)');
  });

  it('keeps quotes and a task list readable as text', () => {
    expect(renderReply('> You wrote: it leaks\n\n**Fixed.**').text).toBe('> You wrote: it leaks\n\nFixed.');
    expect(renderReply('- [x] refund\n- [ ] *new kettle*').text).toBe('- [x] refund\n- [ ] new kettle');
  });
});
