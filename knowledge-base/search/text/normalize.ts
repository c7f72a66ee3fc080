// CJK ideographs (incl. extension A and compatibility), kana and hangul: scripts written without spaces.
const CJK = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u3040-\\u30ff\\uac00-\\ud7af';
// CJK and full-width punctuation: separators, never part of a word or a bigram.
const CJK_PUNCT = '\\u3000-\\u303f\\uff00-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff40\\uff5b-\\uff65';

export const cjkChar = new RegExp(`[${CJK}]`);
const cjkRun = new RegExp(`[${CJK}]+`, 'g');
const cjkOrPunct = new RegExp(`[${CJK}${CJK_PUNCT}]+`, 'g');
const latinWord = /[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu;

/** NFKC folds full-width letters and digits to ASCII; lower case for matching. */
export const normalize = (text: string) => text.normalize('NFKC').toLowerCase();

/** The text with every CJK character and CJK punctuation blanked (same length, so offsets still hold). */
export const latinPart = (text: string) => text.replace(cjkOrPunct, (m) => ' '.repeat(m.length));

export function cjkRuns(text: string): Array<{ text: string; start: number }> {
  return [...text.matchAll(cjkRun)].map((m) => ({ text: m[0], start: m.index }));
}

/**
 * Overlapping character bigrams of each CJK run ("无法登录" -> 无法 法登 登录); a one-character run stays a
 * unigram. Chinese has no spaces, so bigrams stand in for words: recall of a dictionary segmenter without one.
 */
export function cjkBigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of cjkRuns(text)) {
    const chars = [...run.text];
    if (chars.length === 1) out.push(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  }
  return out;
}

export interface Token {
  word: string;
  start: number;
  end: number;
}

/** Latin-script words with their offsets in `text` (offsets index the original string; `word` is lower case). */
export function latinWords(text: string): Token[] {
  const plain = latinPart(text);
  return [...plain.matchAll(latinWord)].map((m) => ({ word: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length }));
}
