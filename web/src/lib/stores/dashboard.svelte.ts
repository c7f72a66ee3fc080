import { api, type Schema } from '../api.ts';
import { errorText } from '../errors.ts';
import { on, onResync } from '../socket.ts';

/**
 * The supervisor dashboard: one snapshot from GET /api/dashboard (numbers computed by the server), fetched
 * again on every `dashboard.changed`. A change during a fetch queues exactly one more fetch, never a pile.
 */
class Dashboard {
  snapshot = $state<DashboardSnapshot | null>(null);
  error = $state<string | null>(null);
  loading = $state(false);
  private again = false;

  async load(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return;
    }
    this.loading = true;
    try {
      this.snapshot = await api.get('/dashboard');
      this.error = null;
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.loading = false;
    }
    if (this.again) {
      this.again = false;
      await this.load();
    }
  }

  /** Loads now and on every change or reconnect; returns the unsubscribe. */
  follow(): () => void {
    void this.load();
    const offs = [on('dashboard.changed', () => void this.load()), onResync(() => this.load())];
    return () => offs.forEach((off) => off());
  }
}

export const dashboard = new Dashboard();
export type DashboardSnapshot = Schema<'Dashboard'>;
