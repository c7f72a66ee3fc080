/**
 * The console's one live connection (/agents). Typed by the server's event map; `on()` returns an
 * unsubscribe; `onResync()` runs after every reconnect so views refetch what changed while offline.
 */
import { io, type Socket } from 'socket.io-client';
import { writable, type Readable } from 'svelte/store';
import type { Ack, AgentClientEvents, AgentServerEvents } from '$realtime/events';
import { serverNow } from './api.ts';

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'refused';
type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;
type EventName = keyof AgentServerEvents;
type Payload<K extends EventName> = Parameters<AgentServerEvents[K]>[0];
type SendName = keyof AgentClientEvents;
type SendPayload<K extends SendName> = Omit<Parameters<AgentClientEvents[K]>[0], 'clientId'>;
type SendResult<K extends SendName> = Parameters<Parameters<AgentClientEvents[K]>[1]>[0];

const statusStore = writable<ConnectionStatus>('idle');
export const connectionStatus: Readable<ConnectionStatus> = { subscribe: statusStore.subscribe };

const listeners = new Map<EventName, Set<(payload: never) => void>>();
const resyncs = new Set<(disconnectedAt: Date) => void | Promise<void>>();
const firstConnectWaiters = new Set<() => void>();
let disconnectedAt: Date | null = null;
let socket: AgentSocket | null = null;
let connectedBefore = false;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

function dispatch(name: string, payload: unknown): void {
  for (const fn of listeners.get(name as EventName) ?? []) {
    try {
      (fn as (p: unknown) => void)(payload);
    } catch (err) {
      console.error(`socket listener for ${name} failed`, err);
    }
  }
}

export function connect(onRefused: () => void): void {
  if (socket) return;
  statusStore.set('connecting');
  const s: AgentSocket = io('/agents', { withCredentials: true, reconnectionDelay: 500, reconnectionDelayMax: 3_000 });
  socket = s;
  s.onAny(dispatch);
  s.on('connect', () => {
    statusStore.set('connected');
    if (connectedBefore) for (const fn of resyncs) void fn(disconnectedAt ?? serverNow());
    else for (const fn of firstConnectWaiters) fn();
    firstConnectWaiters.clear();
    disconnectedAt = null;
    connectedBefore = true;
  });
  // The socket stayed up but the server could not relay other nodes' events (its Redis was away).
  s.on('events.missed', ({ since }) => {
    for (const fn of resyncs) void fn(new Date(since));
  });
  s.on('disconnect', (reason) => {
    disconnectedAt ??= serverNow();
    statusStore.set('reconnecting');
    // A server-side disconnect (session revoked, server restart) is not retried by socket.io itself.
    if (reason === 'io server disconnect') retryLater(s);
  });
  s.on('connect_error', (err) => {
    const code = (err as Error & { data?: { code?: string } }).data?.code;
    if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') {
      statusStore.set('refused');
      onRefused();
    } else {
      statusStore.set('reconnecting');
      if (!s.active) retryLater(s);
    }
  });
}

function retryLater(s: AgentSocket): void {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => socket === s && s.connect(), 1_500);
}

export function disconnect(): void {
  clearTimeout(retryTimer);
  socket?.disconnect();
  socket = null;
  connectedBefore = false;
  statusStore.set('idle');
}

export function on<K extends EventName>(name: K, fn: (payload: Payload<K>) => void): () => void {
  let set = listeners.get(name);
  if (!set) listeners.set(name, (set = new Set()));
  set.add(fn as (payload: never) => void);
  return () => set.delete(fn as (payload: never) => void);
}

/**
 * Runs `fn` when this page's socket first connects, if it has not yet (returns false and does nothing if it has).
 * Events committed before that reach no one, so a view loaded earlier refetches what changed since its load.
 */
export function onFirstConnect(fn: () => void): boolean {
  if (connectedBefore) return false;
  firstConnectWaiters.add(fn);
  return true;
}

/** Runs after each reconnect (not the first connect) with the server time the link dropped: refetch what was missed. */
export function onResync(fn: (disconnectedAt: Date) => void | Promise<void>): () => void {
  resyncs.add(fn);
  return () => resyncs.delete(fn);
}

/** A client send with a fresh client id; resolves with the server's Ack (or a local UNAVAILABLE one). */
export async function send<K extends SendName>(name: K, payload: SendPayload<K>): Promise<SendResult<K>> {
  const clientId = crypto.randomUUID();
  const offline = { ok: false, clientId, error: { code: 'UNAVAILABLE', message: 'Not connected' } } as SendResult<K>;
  if (!socket?.connected) return offline;
  try {
    // The typed emitWithAck cannot follow a generic event name; the contract is the Ack shape.
    const timed = socket.timeout(5_000) as unknown as { emitWithAck(n: string, p: unknown): Promise<Ack<unknown>> };
    return (await timed.emitWithAck(name, { ...payload, clientId })) as SendResult<K>;
  } catch {
    return offline;
  }
}
