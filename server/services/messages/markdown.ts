import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

const allowed: sanitizeHtml.IOptions = {
  // No images: a remote one would load in every console that shows the reply (the console keeps those dark).
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'h1', 'h2', 'del'],
  allowedAttributes: { a: ['href', 'title', 'target', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  transformTags: { a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer nofollow' }) },
};

// An agent types in a textarea: a single newline is a line break, as it looks while typing.
const toHtml = new Marked({ gfm: true, breaks: true, async: false });

const decode = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);

/** The same Markdown as plain text: what the customer reads where HTML cannot go (Telegram, the widget, text/plain). */
const toText = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    space: () => '',
    code: (t: Tokens.Code) => `${t.text}\n\n`,
    blockquote(t: Tokens.Blockquote) {
      const inner = this.parser.parse(t.tokens).trim();
      return `${inner.replace(/^/gm, '> ')}\n\n`;
    },
    html: (t: Tokens.HTML | Tokens.Tag) => t.text.replace(/<[^>]*>/g, ''),
    heading(t: Tokens.Heading) {
      return `${this.parser.parseInline(t.tokens)}\n\n`;
    },
    hr: () => '----------\n\n',
    list(t: Tokens.List) {
      const start = typeof t.start === 'number' ? t.start : 1;
      const items = t.items.map((item, i) => {
        const body = this.parser.parse(item.tokens).trim().replace(/\n/g, '\n   ');
        const mark = t.ordered ? `${start + i}.` : '-';
        return `${mark} ${item.task ? (item.checked ? '[x] ' : '[ ] ') : ''}${body}`;
      });
      return `${items.join('\n')}\n\n`;
    },
    checkbox: () => '',
    paragraph(t: Tokens.Paragraph) {
      return `${this.parser.parseInline(t.tokens)}\n\n`;
    },
    table(t: Tokens.Table) {
      const row = (cells: Tokens.TableCell[]) => cells.map((c) => this.parser.parseInline(c.tokens)).join(' | ');
      return `${[row(t.header), ...t.rows.map(row)].join('\n')}\n\n`;
    },
    strong(t: Tokens.Strong) {
      return this.parser.parseInline(t.tokens);
    },
    em(t: Tokens.Em) {
      return this.parser.parseInline(t.tokens);
    },
    del(t: Tokens.Del) {
      return this.parser.parseInline(t.tokens);
    },
    codespan: (t: Tokens.Codespan) => decode(t.text),
    br: () => '\n',
    link(t: Tokens.Link) {
      const label = this.parser.parseInline(t.tokens);
      const href = t.href.replace(/^mailto:/i, '');
      return label === href || label === t.href ? label : `${label} (${href})`;
    },
    image: (t: Tokens.Image) => (t.text ? `${t.text} (${t.href})` : t.href),
    text(t: Tokens.Text | Tokens.Escape) {
      return 'tokens' in t && t.tokens ? this.parser.parseInline(t.tokens) : decode(t.text);
    },
  },
});

export interface RenderedReply {
  /** Plain text: stored as the message text, sent where HTML cannot go and as email's text/plain part. */
  text: string;
  /** Sanitized HTML; null when the Markdown has no formatting, so a plain reply stays a plain message. */
  html: string | null;
}

/**
 * An agent's Markdown as sanitized HTML and as the plain text a customer reads on a text-only channel. Text with
 * tags typed by hand stays plain text, as typed.
 */
export function renderReply(markdown: string): RenderedReply {
  const source = markdown.replace(/\r\n?/g, '\n').trim();
  if (!source) return { text: '', html: null };
  // Tags typed by hand (pasted code, or someone testing us) are shown exactly as typed on every channel, never run.
  if (hasRawHtml(source)) return { text: source, html: null };
  const html = sanitizeHtml(toHtml.parse(source) as string, allowed).trim();
  const text = (toText.parse(source) as string).replace(/\n{3,}/g, '\n\n').trim();
  // Text that reads the same with its Markdown applied has no formatting worth an HTML part.
  return { text, html: text === source ? null : html };
}

function hasRawHtml(source: string): boolean {
  let found = false;
  toHtml.walkTokens(toHtml.lexer(source), (t) => {
    if (t.type === 'html') found = true;
  });
  return found;
}
