import type { WidgetLimits } from '../../../protocol.ts';

/** Checked before uploading, in the server's codes for the same refusals. */
export type AttachmentRefusal = { code: 'PAYLOAD_TOO_LARGE'; max: number } | { code: 'UNSUPPORTED_MEDIA_TYPE'; allowed: string[] };

/** Does a MIME type match one of the patterns ("image/*" style wildcards)? */
export function typeAllowed(type: string, patterns: readonly string[]): boolean {
  const t = type.toLowerCase().split(';')[0]!.trim();
  if (!t) return false;
  return patterns.some((p) => {
    const pat = p.toLowerCase().trim();
    return pat === '*/*' || pat === t || (pat.endsWith('/*') && t.startsWith(pat.slice(0, -1)));
  });
}

/** The browser's check before uploading; the server checks again and its refusal is shown as it words it. */
export function checkAttachment(file: { size: number; type: string }, limits: WidgetLimits): AttachmentRefusal | null {
  if (file.size > limits.maxAttachmentBytes) return { code: 'PAYLOAD_TOO_LARGE', max: limits.maxAttachmentBytes };
  if (!typeAllowed(file.type, limits.attachmentTypes)) return { code: 'UNSUPPORTED_MEDIA_TYPE', allowed: limits.attachmentTypes };
  return null;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB`;
}
