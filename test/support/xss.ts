import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';

/**
 * Records every request made to it: a hostile payload that runs (fetch), renders (img, CSS url) or
 * loads a frame reports here, so "nothing happened" is something a test can check.
 */
export async function startSentinel() {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(204, { 'access-control-allow-origin': '*' }).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, hits, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * Classic XSS vectors, each tagged with where it was entered (`k`), setting `window.__xss` and calling the
 * sentinel if it ever runs. `long` is for message-sized fields; `short` (<= 60 characters) for names.
 */
export function payloads(sentinel: string) {
  const run = (k: string, how: string) => `window.__xss='${k}/${how}';fetch('${sentinel}/${k}/${how}')`;
  return {
    long: (k: string) =>
      [
        `[${k}]`,
        `<script>${run(k, 'script')}</script>`,
        `<img src=x onerror="${run(k, 'img')}">`,
        `<svg onload="${run(k, 'svg')}"></svg>`,
        `"><iframe srcdoc="<script>parent.${run(k, 'srcdoc')}</script>"></iframe>`,
        `[click me](javascript:${run(k, 'mdlink')})`,
        `<a href="javascript:${run(k, 'href')}">link</a>`,
        `<style>body{background:url(${sentinel}/${k}/css)}</style><b style="background:url(${sentinel}/${k}/style)">styled</b>`,
        `<img src="${sentinel}/${k}/pixel">`,
        `${rtl} ${zeroWidth}`,
      ].join('\n'),
    /** Survives {{placeholder}} checks (canned responses) and keeps the template-looking part out. */
    short: (k: string) => `<img src=x onerror=window.__xss='${k}'>${k}`,
    template: (k: string) => `{{constructor.constructor('window.__xss="${k}"')()}} \${window.__xss='${k}'}`,
  };
}

/** A right-to-left override making "exe.pdf" read as "fdp.exe", and zero-width characters: shown, never acted on. */
export const rtl = 'invoice\u202Efdp.exe';
export const zeroWidth = 'zero\u200Bwidth\u200Djoiner\uFEFF';

/** What a long payload shows when rendered as text: its first two lines. */
export const literalOf = (long: string) => long.split('\n').slice(0, 2).join('\n');

/** Collects page errors and dialogs (each a failure), so a test can assert none happened. */
export function guard(page: Page, name: string, problems: string[]) {
  page.on('pageerror', (err) => problems.push(`[${name}] page error: ${err.message}`));
  page.on('dialog', (d) => {
    problems.push(`[${name}] dialog: ${d.message()}`);
    void d.dismiss();
  });
}

/**
 * Nothing injected ran on this page (no flag), and no element anywhere, shadow roots included, carries an
 * inline handler, a javascript: URL, a srcdoc frame, a script or style that is the payload's.
 */
export async function pageIsClean(page: Page, sentinel: string): Promise<{ flag: unknown; dangerous: string[] }> {
  return page.evaluate((sentinel) => {
    interface El {
      tagName: string;
      textContent: string | null;
      outerHTML: string;
      attributes: ArrayLike<{ name: string; value: string }>;
      shadowRoot: Root | null;
    }
    interface Root {
      querySelectorAll(s: string): ArrayLike<El>;
    }
    const g = globalThis as unknown as { __xss?: unknown; document: Root };
    const dangerous: string[] = [];
    const roots: Root[] = [g.document];
    for (let i = 0; i < roots.length; i++) {
      for (const el of Array.from(roots[i]!.querySelectorAll('*'))) {
        if (el.shadowRoot) roots.push(el.shadowRoot);
        const tag = el.tagName.toLowerCase();
        const text = el.textContent ?? '';
        let bad = (tag === 'script' && text.includes('__xss')) || (tag === 'style' && text.includes(sentinel));
        for (const a of Array.from(el.attributes)) {
          if (/^on/i.test(a.name) || a.name === 'srcdoc') bad = true;
          if (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) && /^\s*javascript:/i.test(a.value)) bad = true;
          if ((a.name === 'style' || a.name === 'src') && a.value.includes(sentinel)) bad = true; // a link to it is inert until clicked
        }
        if (bad) dangerous.push(el.outerHTML.slice(0, 160));
      }
    }
    return { flag: g.__xss ?? null, dangerous };
  }, sentinel);
}
