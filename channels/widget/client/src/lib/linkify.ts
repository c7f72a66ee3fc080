export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const URL_LIKE = /\b(?:https?:\/\/|www\.)[^\s<>"'`\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]+/gi;
const TRAILING = /[.,;:!?'")\]}>*_~]+$/;

/**
 * Splits plain text into text and link segments; the widget renders both as text nodes (a link's text inside
 * an <a>), so nothing in a message is ever parsed as HTML. Only http(s) links become clickable.
 */
export function linkify(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_LIKE)) {
    let candidate = match[0];
    // Trailing punctuation belongs to the sentence, except a ")" that closes a "(" inside the link.
    while (TRAILING.test(candidate)) {
      const trimmed = candidate.replace(/.$/u, '');
      if (candidate.endsWith(')') && count(candidate, '(') >= count(candidate, ')')) break;
      candidate = trimmed;
    }
    const href = safeHref(candidate);
    if (!href) continue;
    const start = match.index;
    if (start > last) out.push({ kind: 'text', text: text.slice(last, start) });
    out.push({ kind: 'link', text: candidate, href });
    last = start + candidate.length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

const count = (s: string, ch: string) => s.split(ch).length - 1;

function safeHref(candidate: string): string | null {
  try {
    const url = new URL(/^www\./i.test(candidate) ? `https://${candidate}` : candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
