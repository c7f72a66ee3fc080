import type { Highlighted } from '../engine.ts';
import { cjkRuns, latinWords } from './normalize.ts';

/** Decides which words of a text matched the query: stemmed English words and CJK bigrams. */
export interface Matcher {
  /** Lower-case surface word -> matched (decided by the engine's stemmer). */
  word(word: string): boolean;
  bigrams: ReadonlySet<string>;
}

export function matchRanges(text: string, m: Matcher): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const t of latinWords(text)) if (m.word(t.word)) ranges.push([t.start, t.end]);
  if (m.bigrams.size) {
    for (const run of cjkRuns(text)) {
      // Offsets in UTF-16 units; the CJK ranges we index are all in the BMP, one unit per character.
      for (let i = 0; i < run.text.length; i++) {
        const pair = run.text.slice(i, i + 2);
        if (pair.length === 2 && m.bigrams.has(pair)) ranges.push([run.start + i, run.start + i + 2]);
        else if (run.text.length === 1 && m.bigrams.has(pair)) ranges.push([run.start, run.start + 1]);
      }
    }
  }
  return merge(ranges);
}

function merge(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = ranges.sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

export const highlightAll = (text: string, m: Matcher): Highlighted => ({ text, ranges: matchRanges(text, m) });

/**
 * The window of about `size` characters holding the most matches, cut at spaces where the script has them,
 * with an ellipsis where text was dropped. Falls back to the start of the text when nothing matched.
 */
export function snippet(text: string, m: Matcher, size = 180): Highlighted {
  const flat = text.replace(/\s+/g, ' ').trim();
  const ranges = matchRanges(flat, m);
  if (flat.length <= size) return { text: flat, ranges };
  let bestStart = 0;
  let bestCount = 0;
  for (let i = 0; i < ranges.length; i++) {
    const from = Math.max(0, ranges[i]![0] - Math.floor(size / 4));
    const count = ranges.filter((r) => r[0] >= from && r[1] <= from + size).length;
    if (count > bestCount) [bestStart, bestCount] = [from, count];
  }
  let start = bestStart;
  let end = Math.min(flat.length, start + size);
  if (start > 0) {
    const space = flat.indexOf(' ', start);
    if (space !== -1 && space - start < 20) start = space + 1;
  }
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end);
    if (space > start && end - space < 20) end = space;
  }
  const prefix = start > 0 ? '… ' : '';
  const suffix = end < flat.length ? ' …' : '';
  const shift = prefix.length - start;
  const inWindow = ranges.filter((r) => r[0] >= start && r[1] <= end).map((r): [number, number] => [r[0] + shift, r[1] + shift]);
  return { text: prefix + flat.slice(start, end) + suffix, ranges: inWindow };
}
