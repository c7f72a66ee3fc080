import { createECDH, createHmac, createPublicKey, createDecipheriv, hkdfSync, randomBytes, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPush {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The VAPID JWT's claims, once its ES256 signature checked out against the `k=` key. */
  vapid: { aud: string; exp: number; sub: string; publicKey: string };
  /** The payload decrypted with the browser's keys (RFC 8291, aes128gcm). */
  payload: string;
}

export interface BrowserKeys {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/**
 * A web push service stand-in over plain HTTP: it answers each endpoint with the status a test chose (201 by
 * default, 410 for a subscription the browser dropped), checks the VAPID Authorization header's signature and
 * decrypts the payload with the keys of the "browser" it handed out, as Chrome would.
 */
export async function startPushService() {
  const browsers = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: Buffer }>();
  const statuses = new Map<string, number>();
  const received: ReceivedPush[] = [];
  const errors: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      try {
        const browser = browsers.get(path);
        if (!browser) throw new Error(`unknown endpoint ${path}`);
        const vapid = checkVapid(String(req.headers.authorization ?? ''));
        if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`content-encoding ${req.headers['content-encoding']}`);
        const payload = decrypt(Buffer.concat(chunks), browser.ecdh, browser.auth);
        const status = statuses.get(path) ?? 201;
        if (status < 300) received.push({ path, headers: req.headers, vapid, payload });
        res.writeHead(status).end();
      } catch (err) {
        errors.push((err as Error).message);
        res.writeHead(400).end((err as Error).message);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    received,
    errors,
    /** A new browser subscription: its endpoint here and the keys the browser would give PushManager.subscribe(). */
    browser(): BrowserKeys {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const path = `/push/${randomBytes(8).toString('hex')}`;
      browsers.set(path, { ecdh, auth });
      return { endpoint: base + path, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
    },
    answer(endpoint: string, status: number) {
      statuses.set(new URL(endpoint).pathname, status);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type PushService = Awaited<ReturnType<typeof startPushService>>;

function checkVapid(header: string) {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header);
  if (!m) throw new Error(`no VAPID Authorization header: ${header}`);
  const [head, claims, sig] = m[1]!.split('.');
  const point = Buffer.from(m[2]!, 'base64url');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
    format: 'jwk',
  });
  const ok = verify('sha256', Buffer.from(`${head}.${claims}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig!, 'base64url'));
  if (!ok) throw new Error('VAPID signature does not verify');
  return { ...JSON.parse(Buffer.from(claims!, 'base64url').toString('utf8')), publicKey: m[2]! };
}

/** RFC 8291 + RFC 8188 (one record). */
function decrypt(body: Buffer, ecdh: ReturnType<typeof createECDH>, auth: Buffer): string {
  const salt = body.subarray(0, 16);
  const idLength = body.readUInt8(20);
  const serverKey = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  const shared = ecdh.computeSecret(serverKey);
  const info = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), serverKey]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, auth, info, 32));
  const prk = createHmac('sha256', salt).update(ikm).digest();
  const expand = (label: string, length: number) =>
    createHmac('sha256', prk)
      .update(Buffer.concat([Buffer.from(`Content-Encoding: ${label}\0`), Buffer.from([1])]))
      .digest()
      .subarray(0, length);
  const decipher = createDecipheriv('aes-128-gcm', expand('aes128gcm', 16), expand('nonce', 12));
  decipher.setAuthTag(record.subarray(record.length - 16));
  const plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--;
  if (plain[end] !== 2) throw new Error('last record has no 0x02 delimiter');
  return plain.subarray(0, end).toString('utf8');
}
