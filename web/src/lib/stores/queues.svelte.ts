import type { QueueStats } from '$realtime/events';
import { api } from '../api.ts';
import { on, onResync } from '../socket.ts';

/** Each visible team's queue, loaded once and then replaced live by `queue.stats` (agents get their own teams'). */
class Queues {
  byTeam = $state<Record<string, QueueStats>>({});
  loaded = $state(false);

  async load(): Promise<void> {
    const res = await api.get('/queues');
    this.byTeam = Object.fromEntries(res.queues.map((q) => [q.teamId, q]));
    this.loaded = true;
  }

  apply(stats: QueueStats): void {
    const old = this.byTeam[stats.teamId];
    if (old && old.at > stats.at) return;
    this.byTeam[stats.teamId] = stats;
  }

  get list(): QueueStats[] {
    return Object.values(this.byTeam).sort((a, b) => a.teamName.localeCompare(b.teamName));
  }

  /** The user's open conversations (counted across teams) against their largest team capacity. */
  loadOf(userId: string): { load: number; capacity: number } | null {
    const mine = this.list.flatMap((q) => q.agents.filter((a) => a.userId === userId));
    if (!mine.length) return null;
    return { load: Math.max(...mine.map((a) => a.load)), capacity: Math.max(...mine.map((a) => a.capacity)) };
  }

  /** Subscribes to live stats; returns the unsubscribe. */
  follow(): () => void {
    void this.load().catch(() => undefined);
    const offs = [on('queue.stats', (s) => this.apply(s)), onResync(() => this.load().catch(() => undefined))];
    return () => offs.forEach((off) => off());
  }
}

export const queues = new Queues();
export type { QueueStats };
