import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { ServerOptions } from 'socket.io';
import type { Logger } from '../logger.ts';

export interface RedisFanOut {
  adapter: ServerOptions['adapter'];
  close(): Promise<void>;
}

const READY_WAIT_MS = 5_000;
const LOG_EVERY_MS = 30_000;

/**
 * Socket.IO's Redis adapter: every namespace's broadcasts (rooms, fetchSockets) reach the sockets on all app
 * nodes sharing REDIS_URL and REDIS_PREFIX. While Redis is away a node keeps serving its own sockets: a publish
 * fails fast and is logged instead of queueing stale events or crashing the process.
 */
export async function connectRedisFanOut(url: string, prefix: string, log: Logger): Promise<RedisFanOut> {
  const opts = { maxRetriesPerRequest: 1, retryStrategy: (n: number) => Math.min(n * 250, 3_000), connectionName: `switchboard:${process.pid}` };
  const pub = new Redis(url, { ...opts, enableOfflineQueue: false });
  // The subscriber keeps its queue: subscriptions made before Redis answers are sent once it does.
  const sub = new Redis(url, opts);
  let lastLog = 0;
  let down = false;
  const onError = (role: string) => (err: Error) => {
    down = true;
    if (Date.now() - lastLog < LOG_EVERY_MS) return;
    lastLog = Date.now();
    log.error({ err: err.message, role }, 'Redis unreachable: live events reach this node’s sockets only until it is back');
  };
  pub.on('error', onError('publish'));
  sub.on('error', onError('subscribe'));
  sub.on('ready', () => {
    if (down) log.info('Redis reachable again: live events reach every node');
    down = false;
  });
  const rawPublish = pub.publish.bind(pub);
  Object.assign(pub, {
    publish: (channel: string | Buffer, message: string | Buffer) =>
      rawPublish(channel, message).catch((err: Error) => {
        onError('publish')(err);
        return 0;
      }),
  });

  const ready = (c: Redis) => (c.status === 'ready' ? Promise.resolve() : new Promise<void>((resolve) => c.once('ready', () => resolve())));
  let waited: NodeJS.Timeout | undefined;
  const connected = await Promise.race([
    Promise.all([ready(pub), ready(sub)]).then(() => true),
    new Promise<false>((resolve) => (waited = setTimeout(() => resolve(false), READY_WAIT_MS))),
  ]);
  clearTimeout(waited);
  if (connected) log.info({ prefix }, 'Socket.IO fans out through Redis');
  else log.error({ prefix }, `Redis did not answer within ${READY_WAIT_MS / 1000} s; serving this node’s sockets and retrying`);

  return {
    adapter: createAdapter(pub, sub, { key: prefix, requestsTimeout: 3_000 }),
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
      pub.disconnect();
      sub.disconnect();
    },
  };
}
