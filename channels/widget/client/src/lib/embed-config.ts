import type { WidgetIdentityClaim } from '../../../protocol.ts';

export interface EmbedConfig {
  /** The Switchboard server, taken from the script's own src. */
  origin: string;
  inboxId: string;
  identity?: WidgetIdentityClaim;
}

/**
 * Reads `<script src=".../widget.js" data-inbox="..." data-user-id=... data-user-hash=... data-user-name=...
 * data-user-email=...>`. Returns an error text when the tag cannot work, for the console of the host page.
 */
export function readEmbedConfig(src: string, data: Record<string, string | undefined>, pageUrl: string): EmbedConfig | { error: string } {
  let origin: string;
  try {
    origin = new URL(src, pageUrl).origin;
  } catch {
    return { error: `cannot tell the server from the script src "${src}"` };
  }
  const inboxId = data.inbox?.trim();
  if (!inboxId) return { error: 'the script tag needs data-inbox="<widget inbox id>"' };
  const userId = data.userId?.trim();
  if (!userId) return { origin, inboxId };
  const identity: WidgetIdentityClaim = { userId };
  if (data.userHash?.trim()) identity.hash = data.userHash.trim();
  if (data.userName?.trim()) identity.name = data.userName.trim();
  if (data.userEmail?.trim()) identity.email = data.userEmail.trim();
  return { origin, inboxId, identity };
}

/** An attachment or avatar URL from the server, absolute against its origin, with the visitor token for <img>. */
export function resolveUrl(origin: string, url: string, token?: string | null): string {
  const u = new URL(url, origin);
  if (token && !u.searchParams.has('token')) u.searchParams.set('token', token);
  return u.href;
}
