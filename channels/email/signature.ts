import { renderReply } from '../../server/services/messages/markdown.ts';
import type { OutboundMessage } from '../types.ts';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Plain text as HTML paragraphs: the HTML part of a reply written without formatting. */
export const textToHtml = (text: string) =>
  `<div>${text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('')}</div>`;

/**
 * The mail's text and HTML parts, with the mailbox's signature (Markdown; `{agent.name}` is the writer) under what
 * an agent wrote. Automatic mail (acknowledgements, surveys) carries no agent's signature.
 */
export function mailBody(m: OutboundMessage, signature: string | undefined): { text: string; html: string } {
  const html = m.html ?? textToHtml(m.text);
  const source = m.author && !m.automatic ? signature?.replaceAll('{agent.name}', m.author.name).trim() : '';
  if (!source) return { text: m.text, html };
  const sig = renderReply(source);
  return {
    text: `${m.text}\n\n${sig.text}`,
    html: `${html}\n<div class="signature" style="margin-top:1em;color:#555">${sig.html ?? textToHtml(sig.text)}</div>`,
  };
}
