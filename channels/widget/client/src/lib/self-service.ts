import { newClientId, type StorageLike } from './outbox.ts';
import { realTimers, type Timers } from './typing.ts';

/** A title or snippet from the public KB search: `ranges` are UTF-16 [start, end) offsets of matched words. */
export interface Highlighted {
  text: string;
  ranges: Array<[number, number]>;
}

/** Chinese, Japanese and Korean script, where two characters already make a word. */
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]/;

/** What to search the help articles for while the customer types, or null while there is too little to go on. */
export function searchQuery(text: string): string | null {
  const q = text.trim().slice(0, 500);
  return [...q].length >= (CJK.test(q) ? 2 : 3) ? q : null;
}

/** The text cut into [piece, matched] in order; overlapping, empty or out-of-range ranges are ignored. */
export function segments(h: Highlighted): Array<[string, boolean]> {
  const out: Array<[string, boolean]> = [];
  let at = 0;
  for (const [start, end] of [...h.ranges].sort((a, b) => a[0] - b[0])) {
    if (start < at || end <= start || end > h.text.length) continue;
    if (start > at) out.push([h.text.slice(at, start), false]);
    out.push([h.text.slice(start, end), true]);
    at = end;
  }
  if (at < h.text.length) out.push([h.text.slice(at), false]);
  return out;
}

export const VISITOR_KEY_STORAGE_KEY = 'switchboard.widget.kb-visitor';

/**
 * Who said "this solved it" (the server counts one per visitor and article): the visitor id inside the widget
 * token `v1.<inbox>.<visitor>.<sig>`, or before the first conversation a random key kept in this browser.
 */
export function visitorKey(token: string | null, storage: StorageLike | null, fresh: () => string = newClientId): string {
  const id = token?.split('.')[2];
  if (id && id.length >= 8) return id;
  let key: string | null = null;
  try {
    key = storage?.getItem(VISITOR_KEY_STORAGE_KEY) ?? null;
    if (!key || key.length < 8 || key.length > 100) storage?.setItem(VISITOR_KEY_STORAGE_KEY, (key = fresh()));
  } catch {
    // Storage refused: the key lives for this click only.
  }
  return key ?? fresh();
}

/**
 * Runs `search(q)` once typing has paused for `ms`. The returned function cancels it (timer and request);
 * an answer or failure that arrives after that is dropped, so a slow reply to older text never shows.
 * Failures show as null: the list just stays empty.
 */
export function searchLater<T>(
  q: string,
  ms: number,
  search: (q: string, signal: AbortSignal) => Promise<T>,
  show: (r: T | null) => void,
  timers: Timers = realTimers,
): () => void {
  const ctl = new AbortController();
  const live = (r: T | null) => void (ctl.signal.aborted || show(r));
  const timer = timers.setTimeout(() => void search(q, ctl.signal).then(live, () => live(null)), ms);
  return () => (timers.clearTimeout(timer), ctl.abort());
}
