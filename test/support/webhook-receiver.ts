import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST as the receiver saw it; `verified` is the README's check, done here independently of the server's code. */
export interface ReceivedWebhook {
  event: string;
  deliveryId: string;
  signature: string;
  body: string;
  json: Record<string, any>;
  verified: boolean;
  at: Date;
}

/** 'ok': 200; a number: that status; 'hang': never answers (a timeout); 'slow': answers 200 after `slowMs`. */
export type ReceiverMode = 'ok' | number | 'hang' | 'slow';

export interface WebhookReceiver {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** Deliveries answered 2xx, by X-Switchboard-Delivery (a receiver dedupes on it). */
  acceptedIds(): string[];
  mode: ReceiverMode;
  slowMs: number;
  secret: string;
  /** Forgets what arrived and answers 200 again. */
  reset(): void;
  /** Resolves once `count` requests (any answer) have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  /** Stops listening (connections refused) until `start()` listens again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** README "Webhooks": t=<seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>, within 5 minutes. */
export function verify(secret: string, rawBody: string, header: string, nowMs = Date.now()): boolean {
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=')));
  const t = Number(parts.t);
  if (!Number.isFinite(t) || Math.abs(nowMs / 1000 - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  const given = Buffer.from(String(parts.v1 ?? ''), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A local HTTP receiver standing in for a customer's webhook endpoint (127.0.0.1, a port the OS picks). */
export async function startWebhookReceiver(opts: { secret?: string; path?: string } = {}): Promise<WebhookReceiver> {
  const path = opts.path ?? '/hooks/switchboard';
  const hanging = new Set<ServerResponse>();
  const accepted = new Set<string>();
  const waiters: Array<() => void> = [];
  let server: Server | null = null;
  let port = 0;

  function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signature = String(req.headers['x-switchboard-signature'] ?? '');
      const hit: ReceivedWebhook = {
        event: String(req.headers['x-switchboard-event'] ?? ''),
        deliveryId: String(req.headers['x-switchboard-delivery'] ?? ''),
        signature,
        body,
        json: safeJson(body),
        verified: req.method === 'POST' && req.url === path && verify(receiver.secret, body, signature),
        at: new Date(),
      };
      receiver.received.push(hit);
      for (const w of waiters.splice(0)) w();
      const mode = receiver.mode;
      if (mode === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      const answer = () => {
        const status = mode === 'ok' || mode === 'slow' ? 200 : mode;
        if (status >= 200 && status < 300) accepted.add(hit.deliveryId);
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
      };
      if (mode === 'slow') setTimeout(answer, receiver.slowMs);
      else answer();
    });
  }

  async function start() {
    server = createServer(handle);
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server.address() as AddressInfo).port;
  }

  const receiver: WebhookReceiver = {
    url: '',
    port: 0,
    received: [],
    acceptedIds: () => [...accepted],
    mode: 'ok',
    slowMs: 1000,
    secret: opts.secret ?? '',
    reset() {
      receiver.received.length = 0;
      accepted.clear();
      receiver.mode = 'ok';
    },
    async waitFor(count, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      while (receiver.received.length < count) {
        if (Date.now() > until) throw new Error(`webhook receiver: ${receiver.received.length} of ${count} requests after ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 100);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return receiver.received;
    },
    async stop() {
      for (const res of hanging) res.destroy();
      const s = server;
      server = null;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    start,
  };
  await start();
  receiver.port = port;
  receiver.url = `http://127.0.0.1:${port}${path}`;
  return receiver;
}

function safeJson(text: string): Record<string, any> {
  try {
    return JSON.parse(text) as Record<string, any>;
  } catch {
    return {};
  }
}
