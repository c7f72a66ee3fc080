import { api, ApiError } from '../api.ts';
import type { MessageView, TicketDetail, TicketView } from '../types.ts';

/**
 * The conversation on screen. Socket events patch it at once (a message appears the moment it is
 * committed); a debounced refetch then brings the history and names in line with the server.
 */
class OpenTicket {
  detail = $state<TicketDetail | null>(null);
  error = $state<ApiError | null>(null);
  /** Set when the ticket moved out of what this agent may see while open. */
  removed = $state(false);
  private id: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  async open(id: string): Promise<void> {
    this.id = id;
    this.detail = null;
    this.error = null;
    this.removed = false;
    await this.fetch();
  }

  close(): void {
    this.id = null;
    clearTimeout(this.timer);
  }

  is(ticketId: string): boolean {
    return this.id === ticketId;
  }

  async fetch(): Promise<void> {
    const id = this.id;
    if (!id) return;
    try {
      const d = await api.get('/tickets/{id}', { path: { id } });
      if (this.id === id) {
        this.detail = d;
        this.error = null;
      }
    } catch (err) {
      if (this.id === id) this.error = err instanceof ApiError ? err : new ApiError(0, 'INTERNAL', String(err));
    }
  }

  refetchSoon(delayMs = 150): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.fetch(), delayMs);
  }

  setTicket(ticket: TicketView): void {
    if (this.detail && this.detail.ticket.id === ticket.id && ticket.updatedAt >= this.detail.ticket.updatedAt) {
      this.detail.ticket = ticket;
    }
  }

  addMessage(message: MessageView): void {
    if (!this.detail || this.detail.ticket.id !== message.ticketId) return;
    const i = this.detail.messages.findIndex((m) => m.id === message.id);
    if (i >= 0) this.detail.messages[i] = message;
    else this.detail.messages.push(message);
  }

  /** `nextAttemptAt` undefined: unchanged while queued; only a queued message waits for a next attempt. */
  setDelivery(messageId: string, status: MessageView['deliveryStatus'], error: string | null, nextAttemptAt?: string | null): void {
    const m = this.detail?.messages.find((x) => x.id === messageId);
    if (m) {
      m.deliveryStatus = status;
      m.deliveryError = error;
      m.nextAttemptAt = status === 'queued' ? (nextAttemptAt === undefined ? m.nextAttemptAt : nextAttemptAt) : null;
    }
  }
}

export const openTicket = new OpenTicket();
