import { api } from '../api.ts';
import { on, onResync } from '../socket.ts';
import type { NotificationView } from '$realtime/events';

/** The bell: the user's notifications, newest first, and the unread count, kept live over /agents. */
class Notifications {
  items = $state<NotificationView[]>([]);
  unread = $state(0);
  nextBefore = $state<string | null>(null);
  loaded = $state(false);
  private users = 0;
  private offs: Array<() => void> = [];

  async load(): Promise<void> {
    const page = await api.get('/notifications', { query: { limit: 20 } });
    this.items = page.items;
    this.unread = page.unread;
    this.nextBefore = page.nextBefore;
    this.loaded = true;
  }

  async loadMore(): Promise<void> {
    if (!this.nextBefore) return;
    const page = await api.get('/notifications', { query: { limit: 20, before: this.nextBefore } });
    const known = new Set(this.items.map((n) => n.id));
    this.items = [...this.items, ...page.items.filter((n) => !known.has(n.id))];
    this.nextBefore = page.nextBefore;
  }

  async markRead(id: string): Promise<void> {
    const n = this.items.find((i) => i.id === id);
    if (!n || n.readAt) return;
    const { readAt } = await api.post('/notifications/{id}/read', { path: { id } });
    this.read([id], readAt);
  }

  async markAllRead(): Promise<void> {
    await api.post('/notifications/read-all', { body: {} });
    this.read(
      this.items.map((n) => n.id),
      new Date().toISOString(),
    );
    this.unread = 0;
  }

  private read(ids: string[], at: string): void {
    const set = new Set(ids);
    let changed = 0;
    this.items = this.items.map((n) => (set.has(n.id) && !n.readAt ? (changed++, { ...n, readAt: at }) : n));
    this.unread = Math.max(0, this.unread - changed);
  }

  /** Starts live updates (once however many components ask); the returned function stops them with the last one. */
  start(): () => void {
    if (this.users++ === 0) {
      void this.load().catch(() => {});
      this.offs = [
        on('notification.created', ({ notification }) => {
          if (this.items.some((n) => n.id === notification.id)) return;
          this.items = [notification, ...this.items];
          if (!notification.readAt) this.unread++;
        }),
        on('notification.read', ({ ids }) => this.read(ids, new Date().toISOString())),
        onResync(() => this.load().catch(() => {})),
      ];
    }
    return () => {
      if (--this.users > 0) return;
      this.offs.forEach((off) => off());
      this.offs = [];
    };
  }
}

export const notifications = new Notifications();
