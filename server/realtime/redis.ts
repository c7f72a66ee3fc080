import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { ServerOptions } from 'socket.io';
import type { Logger } from '../logger.ts';
import type { ReadinessCheck } from '../routes/health.ts';

export interface RedisFanOut {
  adapter: ServerOptions['adapter'];
  /** Both connections answer: broadcasts reach the other nodes. */
  up(): boolean;
  /** Called when Redis answers again after an outage, with when it went away: what other nodes sent since was missed. */
  onRecovered(fn: (downSince: Date) => void): void;
  close(): Promise<void>;
}

/** /readyz's `redis` check: optional, since a node without Redis still serves its own sockets. */
export function redisReadiness(fanOut: () => RedisFanOut | null): ReadinessCheck {
  return {
    name: 'redis',
    optional: true,
    async check() {
      if (fanOut()?.up()) return { ok: true };
      return { ok: false, detail: 'Redis unreachable: live events reach this node’s sockets only (no fan-out to other nodes)' };
    },
  };
}

const READY_WAIT_MS = 5_000;
const LOG_EVERY_MS = 30_000;

/**
 * Socket.IO's Redis adapter: every namespace's broadcasts (rooms, fetchSockets) reach the sockets on all app
 * nodes sharing REDIS_URL and REDIS_PREFIX. While Redis is away a node keeps serving its own sockets: a publish
 * fails fast and is logged instead of queueing stale events or crashing the process.
 */
export async function connectRedisFanOut(url: string, prefix: string, log: Logger): Promise<RedisFanOut> {
  const opts = { retryStrategy: (n: number) => Math.min(n * 250, 3_000), connectionName: `switchboard:${process.pid}` };
  const pub = new Redis(url, { ...opts, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  // The subscriber's commands (the adapter's subscriptions, sent unawaited) wait for Redis however long it takes:
  // rejecting them would be an unhandled rejection, and they must be sent once it answers anyway.
  const sub = new Redis(url, { ...opts, maxRetriesPerRequest: null });
  let lastLog = 0;
  let downSince: Date | null = null;
  const recovered: Array<(downSince: Date) => void> = [];
  const onError = (role: string) => (err: Error) => {
    downSince ??= new Date();
    if (Date.now() - lastLog < LOG_EVERY_MS) return;
    lastLog = Date.now();
    log.error({ err: err.message, role }, 'Redis unreachable: live events reach this node’s sockets only until it is back');
  };
  pub.on('error', onError('publish'));
  sub.on('error', onError('subscribe'));
  const onReady = () => {
    if (!downSince || pub.status !== 'ready' || sub.status !== 'ready') return;
    const since = downSince;
    downSince = null;
    log.info({ downSince: since }, 'Redis reachable again: live events reach every node');
    for (const fn of recovered) fn(since);
  };
  pub.on('ready', onReady);
  sub.on('ready', onReady);
  // The outage starts when a connection drops, before any failed reconnect reports an error.
  const lost = () => (downSince ??= new Date());
  pub.on('close', lost);
  sub.on('close', lost);
  // The adapter publishes and (un)subscribes without awaiting: a failure must be logged, not left unhandled.
  catchUnawaited(pub, ['publish'], onError('publish'));
  catchUnawaited(sub, ['subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe'], onError('subscribe'));

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
    up: () => pub.status === 'ready' && sub.status === 'ready',
    onRecovered: (fn) => void recovered.push(fn),
    async close() {
      // quit() lets sent commands finish, but would wait forever for a Redis that is away.
      await Promise.allSettled([pub, sub].map((c) => (c.status === 'ready' ? c.quit() : c.disconnect())));
    },
  };
}

function catchUnawaited(
  client: Redis,
  methods: ReadonlyArray<'publish' | 'subscribe' | 'psubscribe' | 'unsubscribe' | 'punsubscribe'>,
  onError: (err: Error) => void,
) {
  for (const name of methods) {
    const original = (client[name] as (...args: unknown[]) => Promise<unknown>).bind(client);
    Object.assign(client, {
      [name]: (...args: unknown[]) => {
        const p = original(...args);
        p.catch(onError);
        return p;
      },
    });
  }
}
