export interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error' | 'success';
  href?: string;
}

let seq = 0;

/** In-app notifications: shown for a few seconds, newest last. */
class Toasts {
  items = $state<Toast[]>([]);

  show(text: string, opts: { kind?: Toast['kind']; href?: string; ms?: number } = {}): void {
    const toast: Toast = { id: ++seq, text, kind: opts.kind ?? 'info', href: opts.href };
    this.items = [...this.items.slice(-4), toast];
    setTimeout(() => this.dismiss(toast.id), opts.ms ?? 6_000);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }
}

export const toasts = new Toasts();
