import { api, serverNow } from '../api.ts';
import { onFirstConnect } from '../socket.ts';
import { apiParams, compareTickets, joinsLive, matchesQuery, parseInboxQuery, type InboxQuery } from '../inbox-query.ts';
import type { MessageView, TicketListItem, TicketView, ViewCounts } from '../types.ts';

const RESYNC_MARGIN_MS = 10_000;

/** The ticket list on screen: loaded per query, then kept current by socket events and reconnect resyncs. */
class Inbox {
  query = $state<InboxQuery>(parseInboxQuery(new URLSearchParams()));
  items = $state<TicketListItem[]>([]);
  counts = $state<ViewCounts | null>(null);
  nextCursor = $state<string | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  /** Tickets that arrived live since the list loaded: highlighted until opened. */
  arrived = $state<Record<string, true>>({});
  /** Live arrivals whose customer is still being fetched. */
  enriching = $state<Record<string, true>>({});
  /** Bumped when the agent opens a ticket, so unread markers re-evaluate. */
  seenVersion = $state(0);
  me = '';
  private generation = 0;
  /**
   * Live changes that arrive while a list load is in flight: the load's answer may predate them (a ticket created
   * meanwhile would vanish when the answer replaces the list), so they are applied again on top of it.
   */
  private liveDuringLoad: { ticket: TicketView; message?: MessageView }[] | null = null;
  private countsTimer: ReturnType<typeof setTimeout> | undefined;

  async load(query: InboxQuery, me: string): Promise<void> {
    this.me = me;
    this.query = query;
    const gen = ++this.generation;
    const startedAt = serverNow();
    const live: { ticket: TicketView; message?: MessageView }[] = [];
    this.liveDuringLoad = live;
    this.loading = true;
    this.error = null;
    try {
      const res = await api.get('/tickets', { query: apiParams(query) });
      if (gen !== this.generation) return;
      this.liveDuringLoad = null;
      this.items = res.tickets;
      this.nextCursor = res.nextCursor;
      if (res.counts) this.counts = res.counts;
      this.arrived = {};
      for (const change of live) await this.apply(change.ticket, change.message);
      // Loaded before the socket joined its rooms (a fresh page): what changed in between came live to no one.
      onFirstConnect(() => {
        if (gen === this.generation) void this.resync(startedAt);
      });
    } catch (err) {
      if (gen === this.generation) this.error = (err as Error).message;
    } finally {
      if (gen === this.generation) {
        this.loading = false;
        if (this.liveDuringLoad === live) this.liveDuringLoad = null;
      }
    }
  }

  async loadMore(): Promise<void> {
    if (!this.nextCursor) return;
    const gen = this.generation;
    const res = await api.get('/tickets', { query: { ...apiParams(this.query), cursor: this.nextCursor } });
    if (gen !== this.generation) return;
    const known = new Set(this.items.map((t) => t.id));
    this.items = [...this.items, ...res.tickets.filter((t) => !known.has(t.id))];
    this.nextCursor = res.nextCursor;
  }

  /** A ticket changed (socket event or resync): update, insert, re-order or drop it from the list. */
  async apply(ticket: TicketView, message?: MessageView): Promise<void> {
    this.liveDuringLoad?.push({ ticket, message });
    const i = this.items.findIndex((t) => t.id === ticket.id);
    const fits = matchesQuery(ticket, this.query, this.me);
    if (i >= 0) {
      const current = this.items[i]!;
      if (Date.parse(current.updatedAt) > Date.parse(ticket.updatedAt)) return;
      if (!fits) return this.remove(ticket.id);
      const preview = message && message.direction !== 'note' ? message.text.slice(0, 160) : current.preview;
      this.items[i] = { ...current, ...ticket, preview };
      this.sort();
    } else if (fits && joinsLive(this.query)) {
      // Shown at once from the event; the customer's name follows from one fetch.
      const preview = message && message.direction !== 'note' ? message.text.slice(0, 160) : null;
      this.items = [...this.items, { ...ticket, customer: { id: ticket.customerId, name: null, email: null }, preview }];
      this.arrived = { ...this.arrived, [ticket.id]: true };
      this.enriching = { ...this.enriching, [ticket.id]: true };
      this.sort();
      void this.fetchItem(ticket.id).then((item) => {
        const j = this.items.findIndex((t) => t.id === ticket.id);
        if (item && j >= 0) this.items[j] = { ...this.items[j]!, customer: item.customer, preview: this.items[j]!.preview ?? item.preview };
        const { [ticket.id]: _, ...rest } = this.enriching;
        this.enriching = rest;
      });
    }
    this.refreshCountsSoon();
  }

  remove(ticketId: string): void {
    this.items = this.items.filter((t) => t.id !== ticketId);
    this.refreshCountsSoon();
  }

  /** After a reconnect: everything that changed while the socket was down. */
  async resync(disconnectedAt: Date): Promise<number> {
    const since = new Date(disconnectedAt.getTime() - RESYNC_MARGIN_MS).toISOString();
    const res = await api.get('/tickets/changes', { query: { since } });
    if (res.truncated) await this.load(this.query, this.me);
    else for (const t of res.tickets) await this.apply(t);
    this.refreshCountsSoon(0);
    return res.tickets.length;
  }

  markOpened(ticketId: string): void {
    if (this.arrived[ticketId]) {
      const { [ticketId]: _, ...rest } = this.arrived;
      this.arrived = rest;
    }
    this.seenVersion++;
  }

  refreshCountsSoon(delayMs = 400): void {
    clearTimeout(this.countsTimer);
    this.countsTimer = setTimeout(async () => {
      const res = await api.get('/tickets', { query: { view: 'all', limit: '1' } }).catch(() => null);
      if (res?.counts) this.counts = res.counts;
    }, delayMs);
  }

  private sort(): void {
    this.items = [...this.items].sort(compareTickets(this.query.sort, this.query.sortField));
  }

  private async fetchItem(ticketId: string): Promise<TicketListItem | null> {
    const d = await api.get('/tickets/{id}', { path: { id: ticketId } }).catch(() => null);
    if (!d) return null;
    const last = [...d.messages].reverse().find((m) => m.direction !== 'note');
    return {
      ...d.ticket,
      customer: { id: d.customer.id, name: d.customer.name, email: d.customer.email },
      preview: last ? last.text.slice(0, 160) : null,
    };
  }
}

export const inbox = new Inbox();
