/** Why a message must never be answered automatically; null for a person writing. */
export type NoiseKind = 'auto-reply' | 'bounce' | 'bulk' | null;

export interface NoiseHeaders {
  get(name: string): unknown;
  has(name: string): boolean;
}

const text = (v: unknown): string => {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && 'value' in v) return String((v as { value: unknown }).value ?? '');
  if (v && typeof v === 'object' && 'text' in v) return String((v as { text: unknown }).text ?? '');
  return v == null ? '' : String(v);
};

/**
 * RFC 3834 and the de-facto headers of Exchange, list servers and bulk senders. Such mail is recorded on the
 * ticket but answered by nobody automatically (no acknowledgement, no "too large" note), so two robots
 * cannot talk to each other forever.
 */
export function classifyNoise(headers: NoiseHeaders, contentType: string, fromAddress: string): NoiseKind {
  const returnPath = text(headers.get('return-path')).trim();
  const local = fromAddress.split('@')[0]?.toLowerCase() ?? '';
  const reportType = /multipart\/report/i.test(contentType) && /delivery-status/i.test(contentType);
  if (reportType || local === 'mailer-daemon' || local === 'postmaster') return 'bounce';
  if (returnPath === '<>' || returnPath === '') {
    if (headers.has('return-path')) return 'bounce';
  }
  const autoSubmitted = text(headers.get('auto-submitted')).trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return 'auto-reply';
  if (headers.has('x-autoreply') || headers.has('x-autorespond') || headers.has('x-auto-response-suppress')) return 'auto-reply';
  const precedence = text(headers.get('precedence')).trim().toLowerCase();
  if (precedence === 'auto_reply') return 'auto-reply';
  if (['bulk', 'list', 'junk'].includes(precedence)) return 'bulk';
  if (['list-id', 'list-unsubscribe', 'list-post', 'list-help'].some((h) => headers.has(h))) return 'bulk';
  if (/^(no-?reply|do-?not-?reply)$/.test(local)) return 'bulk';
  return null;
}
