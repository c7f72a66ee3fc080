import { createHash } from 'node:crypto';

/**
 * The policy every HTML page is served with: script only from this origin or an inline script whose exact hash
 * the page declares (SvelteKit's boot script), so an injected <script> or on* attribute never runs.
 * - style-src keeps 'unsafe-inline': sanitized email HTML and Svelte's style: bindings set style attributes, and
 *   CSS cannot run script.
 * - img-src allows http(s) images: an email's remote images load only when the agent asks (email-body.svelte).
 * - connect-src 'self' covers the Socket.IO WebSocket on the same host.
 */
export function contentSecurityPolicy(scriptHashes: readonly string[] = []): string {
  const hashes = scriptHashes.map((h) => `'sha256-${h}'`);
  return [
    "default-src 'self'",
    `script-src ${["'self'", ...hashes].join(' ')}`,
    "script-src-attr 'none'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https: http:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

const INLINE_SCRIPT = /<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi;

/** The SHA-256 (base64) of each inline script in a page, as CSP's 'sha256-…' sources name them. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(INLINE_SCRIPT)].map((m) => createHash('sha256').update(m[1]!, 'utf8').digest('base64'));
}
