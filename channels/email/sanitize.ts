import sanitizeHtml from 'sanitize-html';

const allowedTags = [
  ...sanitizeHtml.defaults.allowedTags.filter((t) => t !== 'a'),
  'a',
  'img',
  'font',
  'center',
  'span',
  'div',
  'u',
  's',
  'strike',
  'sub',
  'sup',
  'hr',
  'br',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'caption',
  'colgroup',
  'col',
];

/**
 * Customer HTML made safe to show: no scripts, event handlers, forms, styles that load things, or remote
 * resources. Remote images keep their address in `data-remote-src` so the console can load them only when
 * the agent asks (a tracking pixel stays dark); `cid:` images become `data-cid` for the console to map to
 * the stored inline attachment. Quoted history is marked (`data-quoted`, `data-quote-start`) so the
 * console can fold it while the text stays whole.
 */
export function sanitizeEmailHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags,
    disallowedTagsMode: 'discard',
    allowedAttributes: {
      a: ['href', 'title', 'target', 'rel'],
      img: ['alt', 'title', 'width', 'height', 'data-remote-src', 'data-cid'],
      td: ['colspan', 'rowspan', 'align', 'valign'],
      th: ['colspan', 'rowspan', 'align', 'valign'],
      table: ['border', 'cellpadding', 'cellspacing'],
      font: ['color'],
      blockquote: ['data-quoted'],
      div: ['data-quoted', 'data-quote-start'],
      '*': ['dir', 'lang'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: {},
    allowProtocolRelative: false,
    transformTags: {
      blockquote: (tagName, attribs) => ({
        tagName,
        attribs: attribs.type === 'cite' ? { 'data-quoted': '1' } : ({} as Record<string, string>),
      }),
      div: (tagName, attribs) => ({ tagName, attribs: quoteMarker(attribs) }),
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, ...(attribs.href ? { target: '_blank', rel: 'noopener noreferrer nofollow' } : {}) },
      }),
      img: (tagName, attribs) => {
        const src = (attribs.src ?? '').trim();
        const out: Record<string, string> = {};
        for (const k of ['alt', 'title', 'width', 'height']) if (attribs[k]) out[k] = attribs[k]!;
        if (/^cid:/i.test(src)) out['data-cid'] = src.slice(4).replace(/^<|>$/g, '');
        else if (/^https?:\/\//i.test(src)) out['data-remote-src'] = src;
        return { tagName, attribs: out };
      },
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs['data-cid'] && !frame.attribs['data-remote-src'],
  }).trim();
}

/** Quote containers of Gmail, Thunderbird, Yahoo, Apple Mail and Outlook's reply header. */
function quoteMarker(attribs: Record<string, string>): Record<string, string> {
  const cls = attribs.class ?? '';
  if (/\b(gmail_quote|moz-cite-prefix|yahoo_quoted|AppleOriginalContents)\b/.test(cls)) return { 'data-quoted': '1' };
  if (attribs.id === 'divRplyFwdMsg' || attribs.id === 'appendonsend') return { 'data-quote-start': '1' };
  return {};
}

/** Text of an HTML part for the plain-text column when a mail has no text part of its own. */
export function htmlToPlain(html: string): string {
  const withBreaks = html.replace(/<(br|\/p|\/div|\/li|\/tr|\/h\d)\b[^>]*>/gi, '$&\n');
  const text = sanitizeHtml(withBreaks, {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'title', 'head'],
  });
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
