import { api, type Schema } from '../api.ts';

export type SavedView = Schema<'SavedView'>;

/** The sidebar's saved views with their live counts: reloaded whenever the built-in views' counts are. */
class SavedViews {
  items = $state<SavedView[]>([]);
  loaded = $state(false);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  async load(): Promise<void> {
    const gen = ++this.generation;
    const res = await api.get('/saved-views');
    if (gen !== this.generation) return;
    this.items = res.views;
    this.loaded = true;
  }

  /** Ticket changes come in bursts (a bulk action): one reload for the burst. */
  refreshSoon(delayMs = 300): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load().catch(() => undefined), delayMs);
  }

  async create(name: string, filters: Record<string, unknown>, shared: boolean): Promise<SavedView> {
    const { view } = await api.post('/saved-views', { body: { name, filters, shared } });
    await this.load();
    return view;
  }

  async rename(id: string, name: string): Promise<void> {
    await api.patch('/saved-views/{id}', { path: { id }, body: { name } });
    await this.load();
  }

  async remove(id: string): Promise<void> {
    await api.del('/saved-views/{id}', { path: { id } });
    await this.load();
  }

  /** Moves a view one place within its group (shared or personal). */
  async move(id: string, delta: -1 | 1): Promise<void> {
    const view = this.items.find((v) => v.id === id);
    if (!view) return;
    const group = this.items.filter((v) => v.shared === view.shared);
    const i = group.indexOf(view);
    const j = i + delta;
    if (j < 0 || j >= group.length) return;
    [group[i], group[j]] = [group[j]!, group[i]!];
    const res = await api.put('/saved-views/order', { body: { ids: group.map((v) => v.id) } });
    this.items = res.views;
  }
}

export const savedViews = new SavedViews();
