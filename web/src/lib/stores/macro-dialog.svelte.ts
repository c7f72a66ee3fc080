import type { ApiData } from '../api.ts';
import type { MacroView } from '../types-macros.ts';

export type MacroApplied = ApiData<'post', '/macros/{id}/apply'>;
interface Open {
  macro: MacroView;
  ticketIds: string[];
  /** Called when the dialog closes after applying (the list may change under an open dialog otherwise). */
  ondone?: (res: MacroApplied) => void;
}

/**
 * The one macro preview dialog, opened from a ticket's header or the bulk bar and shown by the app layout, so
 * it stays open while the tickets it changed leave the list (and the selection that opened it empties).
 */
class MacroDialog {
  current = $state<Open | null>(null);

  open(o: Open): void {
    this.current = { ...o, ticketIds: [...o.ticketIds] };
  }

  close(): void {
    this.current = null;
  }
}

export const macroDialog = new MacroDialog();
