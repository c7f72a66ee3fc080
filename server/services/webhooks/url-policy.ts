import { BlockList, isIP } from 'node:net';
import { invalid } from '../../errors.ts';

/** Addresses a webhook may not reach unless WEBHOOK_ALLOW_PRIVATE_URLS=true: loopback, private, link-local, metadata. */
const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, bits, 'ipv6');

/** True for an address a public webhook must not reach (IPv4-mapped IPv6 is judged as the IPv4 it carries). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * A subscription URL: http(s) only, no credentials in it, and (unless private URLs are allowed) no literal private
 * address or localhost. Names are checked again at send time against what they resolve to (send-webhook.ts).
 */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid('url: not a URL', [{ path: 'url', message: 'must be an absolute http:// or https:// URL' }]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalid('url: only http:// and https:// URLs can receive webhooks', [
      { path: 'url', message: 'must start with http:// or https://' },
    ]);
  if (url.username || url.password)
    throw invalid('url: credentials in the URL are not allowed', [{ path: 'url', message: 'remove user:password@' }]);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && isPrivateAddress(host))))
    throw invalid('url: private and loopback addresses are not allowed', [
      { path: 'url', message: 'must be a public address (set WEBHOOK_ALLOW_PRIVATE_URLS=true to allow private ones)' },
    ]);
  return url.toString();
}
