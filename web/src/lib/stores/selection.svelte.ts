/** Tickets ticked in the inbox list for a bulk action; shift-click ticks the range from the last one ticked. */
class Selection {
  ids = $state<Record<string, true>>({});
  private anchor: string | null = null;

  get count(): number {
    return Object.keys(this.ids).length;
  }

  has(id: string): boolean {
    return !!this.ids[id];
  }

  /** `order`: the ids as the list shows them, for ranges. */
  toggle(id: string, order: string[], range: boolean): void {
    const on = !this.ids[id];
    const from = this.anchor ? order.indexOf(this.anchor) : -1;
    const to = order.indexOf(id);
    const span = range && from >= 0 && to >= 0 ? order.slice(Math.min(from, to), Math.max(from, to) + 1) : [id];
    const next = { ...this.ids };
    for (const x of span) {
      if (on) next[x] = true;
      else delete next[x];
    }
    this.ids = next;
    this.anchor = id;
  }

  setAll(ids: string[], on: boolean): void {
    const next = { ...this.ids };
    for (const id of ids) {
      if (on) next[id] = true;
      else delete next[id];
    }
    this.ids = next;
  }

  /** Drops tickets no longer in the list (it was reloaded or they left it). */
  keepOnly(ids: string[]): void {
    const present = new Set(ids);
    if (Object.keys(this.ids).every((id) => present.has(id))) return;
    this.ids = Object.fromEntries(
      Object.keys(this.ids)
        .filter((id) => present.has(id))
        .map((id) => [id, true as const]),
    );
  }

  clear(): void {
    this.ids = {};
    this.anchor = null;
  }
}

export const selection = new Selection();
