import { api } from '../api.ts';
import type { MacroView } from '../types-macros.ts';

/** The macros the agent may apply (shared + own), loaded when a Macros menu first opens and after edits. */
class Macros {
  items = $state<MacroView[]>([]);
  loaded = $state(false);

  async ensure(): Promise<void> {
    if (!this.loaded) await this.reload();
  }

  async reload(): Promise<void> {
    this.items = (await api.get('/macros')).macros;
    this.loaded = true;
  }
}

export const macros = new Macros();
