import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Highlighted } from '../../../knowledge-base/search/engine.ts';

/** Matched words wrapped in <mark>; every piece of text goes through html`` so it is escaped. */
export function highlightHtml(h: Highlighted): HtmlEscapedString {
  const parts: Array<HtmlEscapedString | string> = [];
  let at = 0;
  for (const [start, end] of [...h.ranges].sort((a, b) => a[0] - b[0])) {
    if (start < at || end <= start) continue;
    parts.push(h.text.slice(at, start), html`<mark>${h.text.slice(start, end)}</mark>` as HtmlEscapedString);
    at = end;
  }
  parts.push(h.text.slice(at));
  return html`${parts}` as HtmlEscapedString;
}

export { raw };
