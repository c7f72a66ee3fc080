import { describe, expect, it } from 'vitest';
import { readEmbedConfig, resolveUrl } from '../../../../channels/widget/client/src/lib/embed-config.ts';

describe('reading the embed script tag', () => {
  it('takes the server from the script src, not from the host page', () => {
    expect(readEmbedConfig('https://support.acme.com/widget.js', { inbox: 'ibx' }, 'https://shop.example/cart')).toEqual({
      origin: 'https://support.acme.com',
      inboxId: 'ibx',
    });
    expect(readEmbedConfig('/widget.js', { inbox: 'ibx' }, 'http://127.0.0.1:3000/widget-demo')).toEqual({
      origin: 'http://127.0.0.1:3000',
      inboxId: 'ibx',
    });
  });

  it('passes the verified identity the host signed, and explains a tag without data-inbox', () => {
    const config = readEmbedConfig(
      'https://s.example/widget.js',
      { inbox: 'ibx', userId: '42', userHash: 'ab12', userName: '李雷', userEmail: 'li@example.cn' },
      'https://shop.example/',
    );
    expect(config).toMatchObject({ identity: { userId: '42', hash: 'ab12', name: '李雷', email: 'li@example.cn' } });
    expect(readEmbedConfig('https://s.example/widget.js', {}, 'https://shop.example/')).toEqual({
      error: 'the script tag needs data-inbox="<widget inbox id>"',
    });
  });

  it('makes attachment URLs absolute against the server and adds the visitor token for <img>', () => {
    expect(resolveUrl('https://s.example', '/api/widget/attachments/a1', 'tok en')).toBe(
      'https://s.example/api/widget/attachments/a1?token=tok+en',
    );
    expect(resolveUrl('https://s.example', 'https://cdn.example/x.png')).toBe('https://cdn.example/x.png');
  });
});
