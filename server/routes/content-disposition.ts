/**
 * `attachment; filename="plain.txt"; filename*=UTF-8''%E6%97%A5.txt` (RFC 6266 + RFC 5987): old clients get
 * an ASCII fallback, everyone else the exact name; quotes, backslashes and control characters never reach the header.
 */
export function contentDisposition(filename: string, inline: boolean): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_') || 'attachment';
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
