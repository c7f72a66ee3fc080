import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import type { WidgetAck, WidgetError, WidgetMessage } from '../../channels/widget/protocol.ts';
import type { WidgetClient } from '../channels/widget/harness.ts';

interface Pending {
  clientId: string;
  text: string;
}

/**
 * A chat-widget visitor under load, behaving as the real widget's outbox does (channels/widget/client/src/lib/
 * outbox.ts + session flush): every message gets a client id and stays queued until the server acks it; sends
 * go oldest first, one at a time; a refusal or a lost connection keeps it queued and it is resent later with
 * the same client id. Reconnecting is the test's call (`connect`), since the node may be dead.
 */
export class WidgetVisitor {
  readonly acked = new Map<string, string>();
  /** Every error ack: what the customer would be told while a send is retried. */
  readonly refusals: Array<WidgetError & { clientId: string; at: number }> = [];
  /** Sends whose ack never came (connection lost, timeout): the server may or may not have stored them. */
  readonly unanswered = new Set<string>();
  readonly outbox: Pending[] = [];
  /** Server events of every connection, in order (messages from agents arrive as `message`). */
  readonly seen: Array<{ name: string; data: any }> = [];
  /** The client id of the send awaiting its ack right now, if any. */
  sending: string | null = null;
  token: string | undefined;
  visitorId: string | undefined;
  socket: WidgetClient | null = null;
  private produced = 0;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    readonly name: string,
    private readonly inboxId: string,
    private readonly opts: { retryMs?: number; ackTimeoutMs?: number } = {},
  ) {}

  /** Connects (again) with the stored token, as the widget does after a drop; resolves on the welcome. */
  async connect(url: string): Promise<void> {
    this.socket?.close();
    const socket: WidgetClient = io(`${url}/widget`, {
      transports: ['websocket'],
      auth: { inboxId: this.inboxId, ...(this.token ? { token: this.token } : {}) },
      reconnection: false,
      forceNew: true,
    });
    socket.onAny((name: string, data: unknown) => this.seen.push({ name, data }));
    const welcome = await new Promise<{ token: string; visitorId: string }>((resolve, reject) => {
      socket.once('welcome', resolve);
      socket.once('connect_error', (err) => reject(new Error(`${this.name}: handshake refused: ${err.message}`)));
    });
    if (this.visitorId && welcome.visitorId !== this.visitorId) throw new Error(`${this.name}: the token came back as another visitor`);
    this.token = welcome.token;
    this.visitorId = welcome.visitorId;
    this.socket = socket;
    this.kick();
  }

  /** Queues the next message (texts are `<name> #<n>`) and lets the sender pick it up. */
  write(): string {
    const text = `${this.name} #${++this.produced}`;
    this.outbox.push({ clientId: randomUUID(), text });
    this.kick();
    return text;
  }

  start(): void {
    this.running = true;
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await this.loop;
    this.loop = null;
    this.socket?.close();
  }

  get written(): number {
    return this.produced;
  }

  private kick() {
    this.wake?.();
  }

  private async idle(ms: number) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = null;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const next = this.outbox[0];
      const socket = this.socket;
      if (!next || !socket?.connected) {
        await this.idle(next ? 50 : 1_000);
        continue;
      }
      let ack: WidgetAck<WidgetMessage> | null;
      this.sending = next.clientId;
      try {
        ack = await (
          socket.timeout(this.opts.ackTimeoutMs ?? 5_000) as unknown as {
            emitWithAck(n: string, p: unknown): Promise<WidgetAck<WidgetMessage>>;
          }
        ).emitWithAck('message.send', next);
      } catch {
        ack = null;
      }
      this.sending = null;
      if (ack?.ok) {
        if (ack.data.text !== next.text) throw new Error(`${this.name}: acked ${next.clientId} as "${ack.data.text}", sent "${next.text}"`);
        this.outbox.shift();
        this.unanswered.delete(next.clientId);
        this.acked.set(next.clientId, next.text);
        continue;
      }
      if (ack) this.refusals.push({ ...ack.error, clientId: next.clientId, at: Date.now() });
      else this.unanswered.add(next.clientId);
      await this.idle(ack?.error.retryAfterMs ?? this.opts.retryMs ?? 200);
    }
  }
}

/** `count` visitors of one widget inbox, connected to `url` and sending from their outboxes. */
export async function connectVisitors(count: number, inboxId: string, url: string, opts: { retryMs: number }): Promise<WidgetVisitor[]> {
  const visitors: WidgetVisitor[] = [];
  for (let i = 0; i < count; i++) {
    const v = new WidgetVisitor(`visitor ${i}`, inboxId, opts);
    await v.connect(url);
    v.start();
    visitors.push(v);
  }
  return visitors;
}
