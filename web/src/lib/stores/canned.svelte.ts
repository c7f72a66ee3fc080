import { api } from '../api.ts';
import type { CannedResponseView } from '../types.ts';

/** The agent's canned responses (shared + own), loaded once and refreshed after edits. */
class Canned {
  items = $state<CannedResponseView[]>([]);
  private loaded = false;

  async ensure(): Promise<void> {
    if (!this.loaded) await this.reload();
  }

  async reload(): Promise<void> {
    this.items = (await api.get('/canned-responses')).cannedResponses;
    this.loaded = true;
  }

  matching(query: string): CannedResponseView[] {
    const q = query.toLowerCase();
    const starts = this.items.filter((c) => c.shortcut.startsWith(q));
    const rest = this.items.filter((c) => !c.shortcut.startsWith(q) && (c.title.toLowerCase().includes(q) || c.shortcut.includes(q)));
    return [...starts, ...rest].slice(0, 8);
  }
}

export const canned = new Canned();
