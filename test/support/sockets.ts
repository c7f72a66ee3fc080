import { io, type Socket } from 'socket.io-client';
import type { Ack, AgentClientEvents, AgentServerEvents } from '../../server/realtime/events.ts';

export type AgentClient = Socket<AgentServerEvents, AgentClientEvents>;

/** A console-like /agents client; resolves once connected, rejects with the server's refusal. */
export function connectAgent(url: string, headers: Record<string, string> = {}): Promise<AgentClient> {
  const socket: AgentClient = io(`${url}/agents`, {
    transports: ['websocket'],
    extraHeaders: headers,
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Records every server event a socket receives, in order, for assertions. */
export function recordEvents(socket: AgentClient) {
  const seen: Array<{ name: string; data: unknown }> = [];
  socket.onAny((name: string, data: unknown) => seen.push({ name, data }));
  return seen;
}

/** Polls for a condition with a deadline (no sleep-and-hope). */
export async function until<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function send<K extends keyof AgentClientEvents>(
  socket: AgentClient,
  name: K,
  payload: Parameters<AgentClientEvents[K]>[0],
): Promise<Ack<unknown>> {
  // The typed emit cannot infer the ack from a generic key; the contract is the Ack shape.
  return (socket.timeout(5_000) as unknown as { emitWithAck(n: string, p: unknown): Promise<Ack<unknown>> }).emitWithAck(name, payload);
}
