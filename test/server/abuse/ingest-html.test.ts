import { beforeEach, describe, expect, it } from 'vitest';
import { buildInbound } from '../../support/factories.ts';
import { buildTokenUser } from '../../support/http.ts';
import { routeWorld } from '../../support/route-world.ts';

// The console shows message.html as HTML. Mail is sanitised by the email adapter; HTML fed in through
// POST /api/ingest was stored exactly as sent until this route sanitised it too (stored XSS by any token).
const { t, app } = routeWorld();
let headers: Record<string, string>;
beforeEach(async () => {
  headers = (await buildTokenUser(t.ctx, ['agent'])).headers;
});

async function storedHtml(html: string) {
  const res = await app.request('/api/ingest', {
    method: 'POST',
    headers,
    body: JSON.stringify(buildInbound({ text: 'plain part', html })),
  });
  expect(res.status).toBe(201);
  const ticket = await (await app.request(`/api/tickets/${(await res.json()).ticketId}`, { headers })).json();
  return ticket.messages[0].html as string;
}

describe('HTML fed in through the ingest API', () => {
  it.each([
    ['<script>', '<p>hi</p><script>window.__xss=1</script>'],
    ['onerror', '<img src=x onerror="window.__xss=1">'],
    ['svg onload', '<svg onload="window.__xss=1"><circle r=1></svg>'],
    ['iframe srcdoc', '"><iframe srcdoc="<script>parent.__xss=1</script>"></iframe>'],
    ['javascript: link', '<a href="javascript:window.__xss=1">click</a><a href=" JaVaScRiPt:alert(1)">again</a>'],
    [
      'style',
      '<style>body{background:url(https://evil.example/css)}</style><div style="background:url(https://evil.example/s)">styled</div>',
    ],
    ['form', '<form action="https://evil.example"><input name=password><button>Sign in</button></form>'],
    ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example">'],
    ['object', '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/e">'],
  ])('%s: nothing that runs, loads or submits is kept', async (_name, html) => {
    const out = await storedHtml(html);
    expect(out).not.toMatch(/<script|<iframe|<svg|<style|<form|<input|<meta|<object|<embed|\son\w+=|javascript:|style=|srcdoc/i);
    expect(out).not.toContain('evil.example');
  });

  it('keeps ordinary formatting and turns a remote image into an opt-in one, as for mail', async () => {
    const out = await storedHtml(
      '<p><b>Order</b> <a href="https://shop.example/o/1">#1</a></p><img src="https://cdn.example/p.png" alt="pixel">',
    );
    expect(out).toContain('<b>Order</b>');
    expect(out).toContain('href="https://shop.example/o/1"');
    expect(out).toContain('rel="noopener noreferrer nofollow"');
    expect(out).toContain('data-remote-src="https://cdn.example/p.png"');
    expect(out).not.toMatch(/<img[^>]*\ssrc=/);
  });
});
