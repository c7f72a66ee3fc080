import type { RenderedReply } from '../messages/markdown.ts';

/** A message as a forward quotes it. */
export interface Quoted {
  from: string;
  at: Date;
  text: string;
  /** Already sanitized when it was stored. */
  html: string | null;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const paragraphs = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');

/** The forward's text and HTML: the agent's words, then each quoted message under a header, as mail clients forward. */
export function forwardedBody(note: RenderedReply, subject: string, quoted: Quoted[]): { text: string; html: string } {
  const header = (q: Quoted) => [`From: ${q.from}`, `Date: ${q.at.toUTCString()}`, `Subject: ${subject}`];
  const text = [note.text, ...quoted.map((q) => ['---------- Forwarded message ----------', ...header(q), '', q.text].join('\n'))]
    .filter(Boolean)
    .join('\n\n');
  const html = [
    note.html ?? (note.text ? paragraphs(note.text) : ''),
    ...quoted.map(
      (q) =>
        `<div>---------- Forwarded message ----------<br>${header(q).map(escapeHtml).join('<br>')}</div>` +
        `<blockquote>${q.html ?? paragraphs(q.text)}</blockquote>`,
    ),
  ]
    .filter(Boolean)
    .join('\n');
  return { text, html };
}
