/**
 * Single-key shortcuts (j, k, r, n, e, ?). Ignored while typing in a field, except Escape.
 * Components register what they handle while mounted; the latest registration of a key wins.
 */
type Handler = (e: KeyboardEvent) => void;
const stack: Array<Record<string, Handler>> = [];
let installed = false;

function typingTarget(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

function onKey(e: KeyboardEvent): void {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
  if (e.key !== 'Escape' && typingTarget(e.target)) return;
  // A modal dialog (image viewer, shortcut help) has the keyboard: "e" there must not resolve the ticket behind it.
  if (document.querySelector('dialog:modal')) return;
  for (let i = stack.length - 1; i >= 0; i--) {
    const fn = stack[i]![e.key];
    if (fn) {
      e.preventDefault();
      fn(e);
      return;
    }
  }
}

export function registerShortcuts(map: Record<string, Handler>): () => void {
  if (!installed && typeof window !== 'undefined') {
    window.addEventListener('keydown', onKey);
    installed = true;
  }
  stack.push(map);
  return () => {
    const i = stack.indexOf(map);
    if (i >= 0) stack.splice(i, 1);
  };
}
