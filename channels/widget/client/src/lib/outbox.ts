import type { WidgetAttachment } from '../../../protocol.ts';

/** The part of localStorage the outbox uses (tests pass a Map-backed one). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A customer message not yet acknowledged by the server, kept across reloads and reconnects. */
export interface PendingMessage {
  clientId: string;
  text: string;
  attachments: WidgetAttachment[];
  createdAt: string;
}

export const outboxKey = (inboxId: string) => `switchboard.widget.outbox.${inboxId}`;

const isPending = (v: unknown): v is PendingMessage => {
  const m = v as PendingMessage;
  return (
    !!m && typeof m.clientId === 'string' && typeof m.text === 'string' && Array.isArray(m.attachments) && typeof m.createdAt === 'string'
  );
};

/**
 * Unacknowledged messages, oldest first, in localStorage per inbox. Every read goes to storage because other
 * tabs of the same site share it; when storage is unavailable (blocked, private mode) it lives in memory.
 */
export class Outbox {
  private memory: PendingMessage[] = [];

  constructor(
    private readonly storage: StorageLike | null,
    private readonly inboxId: string,
  ) {}

  list(): PendingMessage[] {
    if (!this.storage) return [...this.memory];
    try {
      const raw = this.storage.getItem(outboxKey(this.inboxId));
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed.filter(isPending) : [];
    } catch {
      return [...this.memory];
    }
  }

  add(message: PendingMessage): void {
    const list = this.list().filter((m) => m.clientId !== message.clientId);
    this.write([...list, message]);
  }

  /** Only an acknowledgement (or a final refusal) takes a message out. */
  remove(clientId: string): void {
    this.write(this.list().filter((m) => m.clientId !== clientId));
  }

  private write(list: PendingMessage[]): void {
    this.memory = list;
    if (!this.storage) return;
    try {
      if (list.length) this.storage.setItem(outboxKey(this.inboxId), JSON.stringify(list));
      else this.storage.removeItem(outboxKey(this.inboxId));
    } catch {
      // Quota or blocked storage: the in-memory copy still carries the message until it is acked.
    }
  }
}

/** A v4 UUID; crypto.randomUUID exists only on secure origins, and host sites may still be plain http. */
export function newClientId(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const b = random(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
