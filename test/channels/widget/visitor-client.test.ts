import { describe, expect, it } from 'vitest';
import { browserOf, visitorClient } from '../../../channels/widget/visitor-client.ts';

const chromeWindows = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const safariIphone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const edgeMac =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0';
const firefoxLinux = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

describe('what the widget handshake tells about a visitor', () => {
  it('names the browser and system from real User-Agent strings', () => {
    expect(browserOf(chromeWindows)).toBe('Chrome on Windows');
    expect(browserOf(safariIphone)).toBe('Safari on iOS');
    expect(browserOf(edgeMac)).toBe('Edge on macOS');
    expect(browserOf(firefoxLinux)).toBe('Firefox on Linux');
    expect(browserOf('curl/8.5.0')).toBeUndefined();
    expect(browserOf(undefined)).toBeUndefined();
  });

  it('takes the page the widget sends, else the Referer path; keeps only a real time zone', () => {
    expect(visitorClient({ 'user-agent': chromeWindows }, { page: '/pricing', tz: 'Asia/Shanghai' })).toEqual({
      browser: 'Chrome on Windows',
      page: '/pricing',
      timeZone: 'Asia/Shanghai',
    });
    expect(visitorClient({ referer: 'https://shop.example/help/returns?x=1' }, { tz: 'Mars/Olympus' })).toEqual({ page: '/help/returns' });
    expect(visitorClient({ referer: 'https://shop.example/' }, { page: 'javascript:alert(1)' })).toEqual({});
  });
});
