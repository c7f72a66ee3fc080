import type { WidgetMessage } from '../../../protocol.ts';
import type { PendingMessage } from './outbox.ts';

/**
 * Merges messages into the conversation: one entry per server id, and one per clientId (a resend's ack returns
 * the original message; another tab's `message` event repeats ours). Later copies replace earlier ones in place.
 */
export function mergeMessages(current: readonly WidgetMessage[], incoming: readonly WidgetMessage[]): WidgetMessage[] {
  const out = [...current];
  for (const m of incoming) {
    const at = out.findIndex((x) => x.id === m.id || (!!m.clientId && x.clientId === m.clientId));
    if (at >= 0) out[at] = m;
    else out.push(m);
  }
  // Stable: equal timestamps keep arrival order.
  return out
    .map((m, i) => ({ m, i, t: Date.parse(m.createdAt) || 0 }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.m);
}

export type DisplayStatus = 'sent' | 'sending' | 'failed';

export interface DisplayItem {
  key: string;
  author: WidgetMessage['author'];
  agent: WidgetMessage['agent'];
  text: string;
  attachments: WidgetMessage['attachments'];
  createdAt: string;
  status: DisplayStatus;
  error?: string;
}

export interface FailedMessage extends PendingMessage {
  error: string;
}

/** What the visitor sees: the server's messages, then unacked ones ("sending…") in order, then refused ones. */
export function displayList(
  messages: readonly WidgetMessage[],
  pending: readonly PendingMessage[],
  failed: readonly FailedMessage[] = [],
): DisplayItem[] {
  const known = new Set(messages.map((m) => m.clientId).filter(Boolean));
  const items: DisplayItem[] = messages.map((m) => ({
    key: m.id,
    author: m.author,
    agent: m.agent,
    text: m.text,
    attachments: m.attachments,
    createdAt: m.createdAt,
    status: 'sent',
  }));
  for (const p of pending) {
    if (known.has(p.clientId)) continue;
    items.push({
      key: p.clientId,
      author: 'customer',
      agent: null,
      text: p.text,
      attachments: p.attachments,
      createdAt: p.createdAt,
      status: 'sending',
    });
  }
  for (const f of failed) {
    items.push({
      key: f.clientId,
      author: 'customer',
      agent: null,
      text: f.text,
      attachments: f.attachments,
      createdAt: f.createdAt,
      status: 'failed',
      error: f.error,
    });
  }
  return items;
}

/** The id of the customer's last message when an agent has seen it (readUpTo at or after it), else null. */
export function seenMessageId(messages: readonly WidgetMessage[], readUpTo: string | null): string | null {
  if (!readUpTo) return null;
  const readAt = messages.findIndex((m) => m.id === readUpTo);
  if (readAt < 0) return null;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]!.author === 'customer') return i <= readAt ? messages[i]!.id : null;
  }
  return null;
}

/** The newest message from the business side (agent or system), which a `read` marker points at. */
export function lastAgentMessageId(messages: readonly WidgetMessage[]): string | null {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.author !== 'customer') return messages[i]!.id;
  return null;
}

/** Agent messages after the one the visitor last read (all of them when nothing was read yet). */
export function unreadCount(messages: readonly WidgetMessage[], lastReadId: string | null): number {
  const from = lastReadId ? messages.findIndex((m) => m.id === lastReadId) + 1 : 0;
  return messages.slice(from).filter((m) => m.author === 'agent').length;
}
