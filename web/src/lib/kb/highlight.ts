import type { Highlighted } from './types.ts';

export interface Segment {
  text: string;
  mark: boolean;
}

/**
 * Search text split at the matched ranges, so a component renders each piece as a text node (marked or
 * not): neither article nor customer text is ever parsed as HTML.
 */
export function segments(h: Highlighted): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const [start, end] of [...h.ranges].sort((a, b) => a[0] - b[0])) {
    const s = Math.max(start, at);
    const e = Math.min(end, h.text.length);
    if (e <= s) continue;
    if (s > at) out.push({ text: h.text.slice(at, s), mark: false });
    out.push({ text: h.text.slice(s, e), mark: true });
    at = e;
  }
  if (at < h.text.length) out.push({ text: h.text.slice(at), mark: false });
  return out;
}
