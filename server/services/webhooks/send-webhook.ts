import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isPrivateAddress } from './url-policy.ts';

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** When false, a name that resolves to a private address is refused at connect time (no DNS-rebinding gap). */
  allowPrivate: boolean;
}

export interface WebhookResponse {
  /** The receiver's status; null when no answer came (refused, timed out, reset). */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

const MAX_ERROR_CHARS = 500;

/** Resolves like the OS does, then refuses the connection when any address it would use is private. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) return callback(new Error(`${hostname} resolves to a private address (${bad.address})`), '', 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

/**
 * One POST: 2xx within the timeout is a success; anything else (another status, a timeout, a refused or reset
 * connection) is a failure to retry. Redirects are not followed (a 3xx is a failure), and the answer's body is read
 * only to free the socket.
 */
export function sendWebhook(req: WebhookRequest): Promise<WebhookResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (statusCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ statusCode, error: error?.slice(0, MAX_ERROR_CHARS) ?? null, durationMs: elapsed() });
    };
    const url = new URL(req.url);
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, {
      method: 'POST',
      headers: { ...req.headers, 'content-length': Buffer.byteLength(req.body).toString() },
      agent: false,
      ...(req.allowPrivate ? {} : { lookup: publicOnlyLookup }),
    });
    const timer = setTimeout(() => {
      finish(null, `no answer within ${Math.round(req.timeoutMs / 1000)} s`);
      request.destroy();
    }, req.timeoutMs);
    request.on('response', (res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => finish(status, status >= 200 && status < 300 ? null : `HTTP ${status}`));
      res.on('error', (err) => finish(status, err.message));
    });
    request.on('error', (err) => finish(null, err.message));
    request.end(req.body);
  });
}
